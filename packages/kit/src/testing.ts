export { ManualTimers } from './manual-timers';
