// Sustained editing: many sockets on many docs, every socket both writing and reading, for a
// minute. Reports ack latency (ours: update-with-ref → ack, i.e. durable), delivery latency to the
// other sockets of the doc (both sides), server RSS drift and peak, and that nothing was lost.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { sleep } from '../lib/clock.mjs';
import { readRss, sampleRss } from '../lib/rss.mjs';

/** @typedef {import('../lib/servers.mjs').RunningServer} RunningServer */
/** @typedef {import('../lib/stats.mjs').Summary} Summary */

/**
 * @typedef {object} SustainedOptions
 * @property {number} docs
 * @property {number} perDoc
 * @property {number} ratePerSocket
 * @property {number} seconds
 * @property {number} warmupSeconds
 */

/**
 * @typedef {object} SustainedResult
 * @property {number} sockets
 * @property {number} made edits made in total
 * @property {number} sendRate achieved edits/s over all sockets
 * @property {Summary | undefined} ack ms from sending an update-with-ref to its ack (ours)
 * @property {Summary} delivery ms from an edit's send to its arrival at each other socket of the doc
 * @property {number} undelivered edits some peer never received
 * @property {number | undefined} unanswered refs without an ack (ours)
 * @property {number} rejected
 * @property {number[]} closed close codes of sockets that closed during the run
 * @property {number} rssBefore server RSS after GC, docs created, before the sockets connect
 * @property {number} rssAfter server RSS after GC, once every socket closed again
 * @property {number} rssPeak sampled every 100 ms during the run
 * @property {boolean | undefined} durable every doc's stored state holds every writer's edits (ours)
 */

const workerPath = fileURLToPath(new URL('../lib/sustained-worker.mjs', import.meta.url));

/**
 * @param {RunningServer} server
 * @param {SustainedOptions} options
 * @returns {Promise<SustainedResult>}
 */
export async function runSustained(server, options) {
  /** @type {import('../lib/servers.mjs').BenchDoc[]} */
  const docs = [];
  for (let i = 0; i < options.docs; i += 1) docs.push(await server.newDoc());
  const rssBefore = (await server.memory()).rss;
  const sampler = sampleRss(server.pid);
  const worker = fork(workerPath, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  /** @type {any} */
  let outcome;
  try {
    outcome = await new Promise((resolve, reject) => {
      worker.once('exit', (code) => reject(new Error(`the sustained worker exited with ${String(code)}`)));
      worker.once('message', (/** @type {any} */ message) => {
        if (message.type === 'sustained') resolve(message);
        else reject(new Error(`sustained worker: ${String(message.message)}`));
      });
      worker.send({
        cmd: 'sustain',
        side: server.name === 'ours' ? 'ours' : 'baseline',
        syncUrl: server.syncUrl,
        docs,
        perDoc: options.perDoc,
        ratePerSocket: options.ratePerSocket,
        seconds: options.seconds,
        warmupSeconds: options.warmupSeconds,
        drainTimeoutMs: 120_000,
      });
    });
  } finally {
    worker.removeAllListeners('exit');
    if (worker.exitCode === null) worker.kill('SIGKILL');
  }
  const { peak } = sampler.stop();
  await sleep(2000);
  const rssAfter = (await server.memory()).rss;
  /** @type {boolean | undefined} */
  let durable;
  if (server.name === 'ours') {
    durable = true;
    for (const [index, doc] of docs.entries()) {
      const stored = await server.durableState(doc.docId);
      const copy = new Y.Doc();
      if (stored !== undefined) Y.applyUpdate(copy, stored.state);
      for (const [clientId, clock] of outcome.stateVectors[index] ?? []) {
        if (Y.getState(copy.store, clientId) < clock) durable = false;
      }
    }
  }
  return {
    sockets: options.docs * options.perDoc,
    made: outcome.made,
    sendRate: outcome.sendRate,
    ack: outcome.ack,
    delivery: outcome.delivery,
    undelivered: outcome.undelivered,
    unanswered: outcome.unanswered,
    rejected: outcome.rejected,
    closed: outcome.closed,
    rssBefore,
    rssAfter,
    rssPeak: Number.isNaN(peak) ? readRss(server.pid) : peak,
    durable,
  };
}
