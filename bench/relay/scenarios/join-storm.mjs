// Join storm: a large campaign doc is stored in the server first; then a crowd of clients opens it
// at the same moment. Times to synced, the server's RSS before and at its peak, and one ordinary
// full join afterwards (which also checks the server still serves the whole doc).
import * as Y from 'yjs';
import { now } from '../lib/clock.mjs';
import { connect, sameBytes, whenSynced } from '../lib/clients.mjs';
import { Crowd } from '../lib/crowd.mjs';
import { readRss, sampleRss } from '../lib/rss.mjs';
import { settle } from '../lib/servers.mjs';
import { summarize } from '../lib/stats.mjs';
import { upload } from '../lib/upload.mjs';

/** @typedef {import('../lib/servers.mjs').RunningServer} RunningServer */
/** @typedef {import('../lib/campaign-doc.mjs').CampaignDoc} CampaignDoc */
/** @typedef {import('../lib/stats.mjs').Summary} Summary */

/**
 * @typedef {StormResult & {
 *   uploadMs: number,
 *   headSeq: number | undefined,
 *   durable: boolean | undefined,
 *   frames: number,
 *   fullJoinMs: number,
 *   complete: boolean,
 * }} JoinStormResult the storm, plus: time to store the doc through a client; ours: the doc's newest
 * stored seq and whether the stored doc equals the upload; the updates it was uploaded in; one
 * client joining alone afterwards, including applying the doc, and whether it got exactly the doc
 */

/**
 * @param {RunningServer} server
 * @param {CampaignDoc} campaign
 * @param {{ clients: number, timeoutMs: number }} options
 * @returns {Promise<JoinStormResult>}
 */
export async function runJoinStorm(server, campaign, options) {
  const doc = await server.newDoc();
  const uploadStarted = now();
  await upload(server, doc, campaign, options.timeoutMs);
  const uploadMs = now() - uploadStarted;
  const stored = await server.durableState(doc.docId);
  /** @type {boolean | undefined} */
  let durable;
  if (stored !== undefined) {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, stored.state);
    durable = sameBytes(Y.encodeStateVector(copy), campaign.stateVector);
  }
  const storm = await runStorm(server, doc, options);
  await settle();
  const copy = new Y.Doc();
  const started = now();
  const provider = connect(server.syncUrl, doc, copy);
  await whenSynced(provider, options.timeoutMs);
  const fullJoinMs = now() - started;
  provider.destroy();
  return {
    ...storm,
    uploadMs,
    headSeq: stored?.headSeq,
    durable,
    frames: campaign.frames.length,
    fullJoinMs,
    complete: sameBytes(Y.encodeStateAsUpdate(copy), Y.encodeStateAsUpdate(campaign.doc)),
  };
}

/**
 * @typedef {object} StormResult
 * @property {number} clients
 * @property {Summary} synced ms from the storm's start to each client's sync step 2
 * @property {number} failed clients not synced within the timeout
 * @property {number} step2Bytes size of the largest sync-step-2 frame a joiner received
 * @property {number} rssBefore bytes, before the storm
 * @property {number} rssPeak bytes, sampled every 100 ms during the storm
 */

/**
 * The storm alone, on a doc the server already holds: `clients` joiners at once.
 * @param {RunningServer} server
 * @param {import('../lib/servers.mjs').BenchDoc} doc
 * @param {{ clients: number, timeoutMs: number }} options
 * @returns {Promise<StormResult>}
 */
export async function runStorm(server, doc, options) {
  const crowd = new Crowd();
  try {
    await crowd.clockOffset(1);
    await settle();
    const rssBefore = readRss(server.pid);
    const sampler = sampleRss(server.pid);
    const joined = await crowd
      .request({ cmd: 'join', syncUrl: server.syncUrl, doc, count: options.clients, timeoutMs: options.timeoutMs }, 'joined')
      .finally(() => sampler.stop());
    const { peak } = sampler.stop();
    return {
      clients: options.clients,
      synced: summarize(joined.syncedMs),
      failed: joined.failed,
      step2Bytes: joined.maxStep2Bytes,
      rssBefore,
      rssPeak: peak,
    };
  } finally {
    await crowd.close();
  }
}
