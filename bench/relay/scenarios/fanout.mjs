// Fan-out: one writer sends small edits at a fixed rate; observers in a separate process time
// each edit from the writer's stamp to its arrival in their Y.Doc.
import * as Y from 'yjs';
import { now, sleep } from '../lib/clock.mjs';
import { connect, sameBytes, whenSynced } from '../lib/clients.mjs';
import { Crowd } from '../lib/crowd.mjs';
import { writeEdit } from '../lib/fanout-edits.mjs';

/** @typedef {import('../lib/servers.mjs').RunningServer} RunningServer */
/** @typedef {import('../lib/stats.mjs').Summary} Summary */

/**
 * @typedef {object} FanoutOptions
 * @property {number} observers
 * @property {number} rate edits per second
 * @property {number} seconds
 * @property {number} warmupSeconds edits of the first seconds are sent but not counted in the latency
 */

/**
 * @typedef {object} FanoutResult
 * @property {number} sent
 * @property {number} sendRate achieved edits/s
 * @property {Summary} latency ms, every observer × every edit after the warm-up
 * @property {number} minReceived fewest edits an observer got
 * @property {number} deliveredPerSecond edits/s per observer, from the first send to the last receive
 * @property {number | undefined} headSeq the doc's newest stored seq afterwards (ours)
 * @property {boolean | undefined} durable the stored doc holds every edit the writer made (ours)
 * @property {number | undefined} meanCommitMs mean time of one commit, from the relay's own histogram (ours)
 * @property {number} clockRttMs round trip of the clock-offset probe (the offset's uncertainty is half of it)
 */

/**
 * @param {RunningServer} server
 * @param {FanoutOptions} options
 * @returns {Promise<FanoutResult>}
 */
export async function runFanout(server, options) {
  const doc = await server.newDoc();
  const crowd = new Crowd();
  const ydoc = new Y.Doc();
  const writer = connect(server.syncUrl, doc, ydoc);
  try {
    await crowd.request({ cmd: 'observe', syncUrl: server.syncUrl, doc, count: options.observers, timeoutMs: 120_000 }, 'ready');
    await whenSynced(writer, 60_000);
    const clock = await crowd.clockOffset();
    await sleep(500);
    const total = Math.round(options.rate * options.seconds);
    const interval = 1000 / options.rate;
    const started = now();
    let sent = 0;
    // Every edit goes out as soon as it is due; a late timer tick sends the ones it owes at once.
    while (sent < total) {
      while (sent < total && now() >= started + sent * interval) {
        writeEdit(ydoc, sent, now());
        sent += 1;
      }
      await sleep(1);
    }
    const finished = now();
    const collected = await crowd.request(
      { cmd: 'collect', expected: total, warmup: Math.round(options.rate * options.warmupSeconds), offsetMs: clock.offset, drainTimeoutMs: 180_000 },
      'collected',
    );
    const received = collected.received.reduce((sum, n) => sum + n, 0);
    const stored = await server.durableState(doc.docId);
    /** @type {boolean | undefined} */
    let durable;
    if (stored !== undefined) {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, stored.state);
      durable = sameBytes(Y.encodeStateVector(copy), Y.encodeStateVector(ydoc));
    }
    const metrics = await server.metrics();
    const commits = metrics.relay_sync_commit_seconds_count;
    const commitSeconds = metrics.relay_sync_commit_seconds_sum;
    return {
      sent: total,
      sendRate: (total / (finished - started)) * 1000,
      latency: collected.latency,
      minReceived: Math.min(...collected.received),
      deliveredPerSecond: (received / options.observers / (collected.lastReceive - started)) * 1000,
      headSeq: stored?.headSeq,
      durable,
      meanCommitMs: commits === undefined || commitSeconds === undefined || commits === 0 ? undefined : (commitSeconds / commits) * 1000,
      clockRttMs: clock.rtt,
    };
  } finally {
    writer.destroy();
    await crowd.close();
  }
}
