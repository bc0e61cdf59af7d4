// The crowd: a child process holding the observers (fan-out) or the joiners (join storm), so the
// writer and the benchmark's own bookkeeping run on a separate event loop. Driven over IPC by
// crowd.mjs; every timestamp is this process's `now()`, corrected by the offset the parent measured.
import * as Y from 'yjs';
import { now, sleep } from './clock.mjs';
import { connect, whenSynced } from './clients.mjs';
import { readStamps } from './fanout-edits.mjs';
import { summarize } from './stats.mjs';

/** @typedef {import('./crowd.mjs').CrowdCommand} CrowdCommand */
/** @typedef {import('y-websocket').WebsocketProvider} WebsocketProvider */

/**
 * @typedef {object} Observer
 * @property {WebsocketProvider} provider
 * @property {Map<number, number>} receivedAt edit index → receive time
 * @property {Map<number, number>} sentAt edit index → send time (as stamped by the writer)
 */

/** @type {Observer[]} */
let observers = [];

/** @param {unknown} message */
function reply(message) {
  process.send?.(message);
}

/**
 * Observers are complete y-websocket providers (handshake, awareness, initial sync), but the
 * writer's updates are timed when their frame reaches the provider and not applied: 50 observers ×
 * 1,000 Y.Doc applies per second saturate one process on a shared 2-core machine, and the
 * benchmark would then time this process's backlog instead of the server.
 * @param {Extract<CrowdCommand, { cmd: 'observe' }>} command
 */
async function observe(command) {
  observers = Array.from({ length: command.count }, () => {
    const provider = connect(command.syncUrl, command.doc, new Y.Doc());
    /** @type {Observer} */
    const observer = { provider, receivedAt: new Map(), sentAt: new Map() };
    const handleSync = provider.messageHandlers[0];
    if (handleSync === undefined) throw new Error('y-websocket has no sync message handler');
    provider.messageHandlers[0] = (encoder, decoder, target, emitSynced, messageType) => {
      // Sync sub-type 2 is an update; anything else (the handshake) goes to y-websocket as usual.
      if (!target.synced || decoder.arr[decoder.pos] !== 2) {
        handleSync(encoder, decoder, target, emitSynced, messageType);
        return;
      }
      const at = now();
      readStamps(decoder.arr, (index, sentAt) => {
        if (observer.receivedAt.has(index)) return;
        observer.receivedAt.set(index, at);
        observer.sentAt.set(index, sentAt);
      });
    };
    return observer;
  });
  await Promise.all(observers.map((o) => whenSynced(o.provider, command.timeoutMs)));
  reply({ type: 'ready' });
}

/** @param {Extract<CrowdCommand, { cmd: 'collect' }>} command */
async function collect(command) {
  const deadline = now() + command.drainTimeoutMs;
  while (observers.some((o) => o.receivedAt.size < command.expected) && now() < deadline) await sleep(20);
  /** @type {number[]} */
  const latencies = [];
  let firstReceive = Number.POSITIVE_INFINITY;
  let lastReceive = 0;
  for (const observer of observers) {
    for (const [index, receivedAt] of observer.receivedAt) {
      const at = receivedAt - command.offsetMs;
      firstReceive = Math.min(firstReceive, at);
      lastReceive = Math.max(lastReceive, at);
      if (index >= command.warmup) latencies.push(at - (observer.sentAt.get(index) ?? Number.NaN));
    }
  }
  reply({
    type: 'collected',
    latency: summarize(latencies),
    received: observers.map((o) => o.receivedAt.size),
    firstReceive,
    lastReceive,
  });
  for (const observer of observers) observer.provider.destroy();
  observers = [];
}

/**
 * The storm: `count` providers created in one go. Each one's sync step 2 (the doc) is timed when
 * its frame reaches the provider's handler, and not applied: 150 applies of a 20 MB doc in one
 * process would measure this process's CPU, not the server (each real device applies its own copy
 * in parallel; the parent measures one apply separately).
 * @param {Extract<CrowdCommand, { cmd: 'join' }>} command
 */
async function join(command) {
  /** @type {(number | undefined)[]} */
  const step2At = Array.from({ length: command.count }, () => undefined);
  /** @type {number[]} */
  const step2Bytes = [];
  const started = now();
  const providers = Array.from({ length: command.count }, (_, i) => {
    const provider = connect(command.syncUrl, command.doc, new Y.Doc());
    const handleSync = provider.messageHandlers[0];
    if (handleSync === undefined) throw new Error('y-websocket has no sync message handler');
    // y-websocket's per-provider handler table (a public field): intercept the first sync step 2.
    provider.messageHandlers[0] = (encoder, decoder, target, emitSynced, messageType) => {
      if (step2At[i] === undefined && decoder.arr[decoder.pos] === 1) {
        step2At[i] = now();
        step2Bytes.push(decoder.arr.length);
        target.synced = true;
        return;
      }
      handleSync(encoder, decoder, target, emitSynced, messageType);
    };
    return provider;
  });
  const deadline = started + command.timeoutMs;
  while (step2At.some((at) => at === undefined) && now() < deadline) await sleep(20);
  const times = step2At.filter((at) => at !== undefined).map((at) => at - started);
  reply({
    type: 'joined',
    syncedMs: times,
    failed: command.count - times.length,
    maxStep2Bytes: Math.max(0, ...step2Bytes),
  });
  for (const provider of providers) provider.destroy();
}

process.on('message', (/** @type {CrowdCommand} */ command) => {
  /** @type {Promise<void>} */
  let work;
  switch (command.cmd) {
    case 'observe':
      work = observe(command);
      break;
    case 'clock':
      reply({ type: 'clock', now: now() });
      return;
    case 'collect':
      work = collect(command);
      break;
    case 'join':
      work = join(command);
      break;
    case 'exit':
      process.exit(0);
  }
  work.catch((/** @type {unknown} */ error) => {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
});
