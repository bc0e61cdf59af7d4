// The one client both servers get: an unmodified y-websocket WebsocketProvider over `ws`.
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { waitFor } from './clock.mjs';

/** @typedef {import('./servers.mjs').BenchDoc} BenchDoc */

// Every provider adds a process 'exit' listener (to announce its awareness as gone); a crowd of
// them in one process is intended, not a leak.
process.setMaxListeners(0);
/** @typedef {import('yjs').Doc} YDoc */

/**
 * Connects `ydoc` to `doc` on the server at `syncUrl`. BroadcastChannel is off: in Node every
 * provider of a process would otherwise also sync with its siblings over it, bypassing the server.
 * @param {string} syncUrl
 * @param {BenchDoc} doc
 * @param {YDoc} ydoc
 * @param {{ WebSocketClass?: typeof WebSocket }} [options]
 * @returns {WebsocketProvider}
 */
export function connect(syncUrl, doc, ydoc, options = {}) {
  // ws implements the WebSocket interface y-websocket needs; the DOM type says more than it uses.
  const polyfill = /** @type {never} */ (options.WebSocketClass ?? WebSocket);
  const provider = new WebsocketProvider(syncUrl, doc.docId, ydoc, {
    params: doc.params,
    WebSocketPolyfill: polyfill,
    disableBc: true,
  });
  provider.on('closed', (event) => {
    process.stderr.write(`sync socket of ${doc.docId} closed for good: ${event.code} ${event.reason}\n`);
  });
  return provider;
}

/**
 * @param {WebsocketProvider} provider
 * @param {number} timeoutMs
 * @returns {Promise<void>}
 */
export function whenSynced(provider, timeoutMs) {
  return waitFor(() => provider.synced, { what: `sync of ${provider.roomname}`, timeoutMs, everyMs: 5 });
}

/**
 * True when both encoded state vectors are byte-equal.
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 */
export function sameBytes(a, b) {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
