// Records a Y.Doc's updates as it is built and cuts them into upload frames: consecutive updates
// merged while they fit under the relay's frame limit (a single larger update gets a frame alone).
import * as Y from 'yjs';

/**
 * @param {Y.Doc} doc
 * @param {number} frameBytes
 * @returns {{ totalBytes(): number, finish(): Uint8Array[] }} `totalBytes`: the sum of the updates
 *   so far (slightly above the merged size); `finish`: stops recording and returns the frames
 */
export function recordUploadFrames(doc, frameBytes) {
  /** @type {Uint8Array[]} */
  const frames = [];
  /** @type {Uint8Array[]} */
  let group = [];
  let groupBytes = 0;
  let totalBytes = 0;
  /** @param {Uint8Array} update */
  const onUpdate = (update) => {
    if (groupBytes + update.length > frameBytes && group.length > 0) {
      frames.push(Y.mergeUpdates(group));
      group = [];
      groupBytes = 0;
    }
    group.push(update);
    groupBytes += update.length;
    totalBytes += update.length;
  };
  doc.on('update', onUpdate);
  return {
    totalBytes: () => totalBytes,
    finish: () => {
      doc.off('update', onUpdate);
      if (group.length > 0) frames.push(Y.mergeUpdates(group));
      group = [];
      return frames;
    },
  };
}
