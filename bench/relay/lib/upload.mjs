// Puts a prepared campaign doc into a server the way a client would: one provider sends the edit
// history frame by frame; it counts as stored once a second, fresh client syncs the whole state
// from the server (ours broadcasts and serves only committed updates, so that means durable).
import * as Y from 'yjs';
import { waitFor } from './clock.mjs';
import { connect, sameBytes, whenSynced } from './clients.mjs';

/** @typedef {import('./servers.mjs').RunningServer} RunningServer */
/** @typedef {import('./servers.mjs').BenchDoc} BenchDoc */
/** @typedef {import('./campaign-doc.mjs').CampaignDoc} CampaignDoc */

/** Keep at most this much unsent in the uploader's socket (a real client's send buffer). */
const MAX_BUFFERED = 4 * 1024 * 1024;

/**
 * @param {RunningServer} server
 * @param {BenchDoc} doc
 * @param {CampaignDoc} campaign
 * @param {number} timeoutMs
 */
export async function upload(server, doc, campaign, timeoutMs) {
  const source = new Y.Doc();
  const uploader = connect(server.syncUrl, doc, source);
  await whenSynced(uploader, timeoutMs);
  for (const frame of campaign.frames) {
    Y.applyUpdate(source, frame);
    await waitFor(() => (uploader.ws?.bufferedAmount ?? 0) < MAX_BUFFERED, { what: 'the upload to drain', timeoutMs });
  }
  const copy = new Y.Doc();
  const checker = connect(server.syncUrl, doc, copy);
  try {
    await waitFor(() => sameBytes(Y.encodeStateVector(copy), campaign.stateVector), { what: `the server to hold all of ${doc.docId}`, timeoutMs, everyMs: 100 });
  } finally {
    checker.destroy();
    uploader.destroy();
  }
}
