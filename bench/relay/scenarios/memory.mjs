// Memory per loaded doc: how much more the server holds with K docs of known encoded size loaded,
// measured after two full GCs in the server (see lib/memory-probe.mjs).
// - baseline: docs live in memory from their upload on, so: measure, upload K docs, measure.
// - ours: upload K docs, restart the server (so neither the upload's garbage nor the embedded
//   database's write buffers count), warm it up on one small doc, measure, open each doc with a
//   client (which loads it from storage into the merged-state cache), measure.
import * as Y from 'yjs';
import { connect, whenSynced } from '../lib/clients.mjs';
import { writeEdit } from '../lib/fanout-edits.mjs';
import { settle } from '../lib/servers.mjs';
import { upload } from '../lib/upload.mjs';

/** @typedef {import('../lib/servers.mjs').RunningServer} RunningServer */
/** @typedef {import('../lib/servers.mjs').BenchDoc} BenchDoc */
/** @typedef {import('../lib/servers.mjs').MemoryUsage} MemoryUsage */
/** @typedef {import('../lib/campaign-doc.mjs').CampaignDoc} CampaignDoc */

/**
 * @typedef {object} MemoryResult
 * @property {number} docs
 * @property {number} encodedBytes mean encoded size of one doc
 * @property {number} rssPerDoc bytes of RSS added per loaded doc
 * @property {number} jsPerDoc bytes of JS heap + external memory added per loaded doc
 * @property {boolean} restarted measured in a fresh process after storing the docs (ours)
 */

/**
 * Opens `doc` with one client until synced, then closes it: the server has loaded it.
 * @param {RunningServer} server
 * @param {BenchDoc} doc
 * @param {boolean} write also make one small edit (warms the write path)
 */
async function open(server, doc, write) {
  const ydoc = new Y.Doc();
  const provider = connect(server.syncUrl, doc, ydoc);
  await whenSynced(provider, 120_000);
  if (write) writeEdit(ydoc, 0, 0);
  await settle();
  provider.destroy();
}

/**
 * Two probes a moment apart: V8 gives freed pages back to the OS lazily, so the first full GC after
 * a burst of work can leave RSS higher than the server's steady state.
 * @param {RunningServer} server
 * @returns {Promise<MemoryUsage>}
 */
async function measure(server) {
  await server.memory();
  await settle();
  return server.memory();
}

/**
 * @param {MemoryUsage} before
 * @param {MemoryUsage} after
 * @param {number} docs
 */
function perDoc(before, after, docs) {
  return {
    rssPerDoc: (after.rss - before.rss) / docs,
    jsPerDoc: (after.heapUsed + after.external - before.heapUsed - before.external) / docs,
  };
}

/**
 * @param {RunningServer} server
 * @param {CampaignDoc[]} campaigns
 * @returns {Promise<{ result: MemoryResult, server: RunningServer }>} the server it ended on (ours restarts) — the caller stops it
 */
export async function runMemory(server, campaigns) {
  const encodedBytes = campaigns.reduce((sum, c) => sum + c.state.length, 0) / campaigns.length;
  const docs = [];
  if (server.restart === undefined) {
    await open(server, await server.newDoc(), true);
    const before = await measure(server);
    for (const campaign of campaigns) {
      const doc = await server.newDoc();
      await upload(server, doc, campaign, 300_000);
      docs.push(doc);
    }
    await settle();
    const after = await measure(server);
    return { result: { docs: campaigns.length, encodedBytes, ...perDoc(before, after, campaigns.length), restarted: false }, server };
  }
  for (const campaign of campaigns) {
    const doc = await server.newDoc();
    await upload(server, doc, campaign, 300_000);
    docs.push(doc);
  }
  const fresh = await server.restart();
  await open(fresh, await fresh.newDoc(), true);
  const before = await measure(fresh);
  for (const doc of docs) {
    // The session token of the first process is still valid: both processes share the signing key in DATA_DIR.
    await open(fresh, doc, false);
  }
  const after = await measure(fresh);
  return { result: { docs: campaigns.length, encodedBytes, ...perDoc(before, after, campaigns.length), restarted: true }, server: fresh };
}
