export { MAX_TIMER_DELAY_MS, systemTimers } from './timers';
export type { Timers } from './timers';
export { chance, createRandom, pick, randomBetween, randomInt, seededRandom } from './random';
export type { Random, SeededRandom } from './random';
export { SerialQueue } from './serial-queue';
