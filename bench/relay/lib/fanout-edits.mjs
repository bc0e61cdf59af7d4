// The fan-out workload: small edits that carry their index and send time, alternating between a
// typed Y.Text insertion and a Y.Map field update (the two shapes most campaign edits have).
// Both carry the stamp as the string `<index>:<sentAt>;`, so an observer can read it straight from
// the update's bytes (Yjs stores strings as UTF-8) without applying the update.
/** @typedef {import('yjs').Doc} YDoc */

const TEXT = 'session-log';
const MAP = 'tracker';
/** Distinct map keys the writer cycles through (a tracker of HP, initiative, conditions …). */
const MAP_KEYS = 32;
const STAMP = /(\d+):(\d+\.\d{3});/g;

/**
 * Applies edit number `index` to `doc`, stamped with `sentAt` (ms), as one transaction.
 * `keyPrefix` keeps concurrent writers' map keys apart: two writers setting the same key
 * concurrently is a conflict Yjs resolves by dropping one value (with its stamp).
 * @param {YDoc} doc
 * @param {number} index
 * @param {number} sentAt
 * @param {string} [keyPrefix]
 */
export function writeEdit(doc, index, sentAt, keyPrefix = '') {
  const stamp = `${index}:${sentAt.toFixed(3)};`;
  if (index % 2 === 0) {
    const text = doc.getText(TEXT);
    text.insert(text.length, stamp);
  } else {
    doc.getMap(MAP).set(`${keyPrefix}k${index % MAP_KEYS}`, stamp);
  }
}

/**
 * Calls `onStamp(index, sentAt)` for every stamp in an encoded update (or a frame carrying one).
 * @param {Uint8Array} bytes
 * @param {(index: number, sentAt: number) => void} onStamp
 */
export function readStamps(bytes, onStamp) {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  for (const match of text.matchAll(STAMP)) onStamp(Number(match[1]), Number(match[2]));
}
