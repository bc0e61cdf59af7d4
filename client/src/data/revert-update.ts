import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * Takes a local update back that the relay will not store (too large for the doc): everything it
 * inserted is deleted in `doc`, with `origin`, and the update to upload instead is returned.
 *
 * Why a replacement and not just a delete: later edits may sit next to what the update inserted
 * (their Yjs origins point into it), so the relay must know those ids or it could never accept
 * them. With `doc.gc` on (the default) the deleted items keep their ids but lose their content,
 * so the replacement — the same struct ranges, now content-free, plus the doc's delete set (which
 * also carries whatever the refused update deleted) — is a few bytes per item instead of the paste.
 */
export function revertUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown): Uint8Array {
  const { from, to } = Y.parseUpdateMeta(update);
  const ranges: [client: number, clock: number, length: number][] = [];
  for (const [client, end] of to) {
    const start = from.get(client) ?? 0;
    if (end > start) ranges.push([client, start, end - start]);
  }
  const deletes = deleteSetUpdate(ranges);
  if (ranges.length > 0) Y.applyUpdate(doc, deletes, origin);
  // Called from the doc's 'update' event (as DocSession does), the delete's transaction is nested:
  // Yjs marks the items deleted now but frees their content only after the outer transaction, so
  // the replacement is encoded from a copy whose own transaction has freed it.
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  Y.applyUpdate(copy, deletes);
  // Everything of the update's clients from where the update began, as the doc now holds it.
  const base = Y.decodeStateVector(Y.encodeStateVector(copy));
  for (const [client, start] of from) if (to.has(client)) base.set(client, start);
  for (const [client] of ranges) if (!from.has(client)) base.set(client, 0);
  const replacement = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(base));
  copy.destroy();
  return replacement;
}

/** A Yjs v1 update with no structs that deletes the given ranges. */
function deleteSetUpdate(ranges: readonly (readonly [number, number, number])[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  const byClient = new Map<number, [number, number][]>();
  for (const [client, clock, length] of ranges) {
    const list = byClient.get(client) ?? [];
    list.push([clock, length]);
    byClient.set(client, list);
  }
  encoding.writeVarUint(encoder, byClient.size);
  for (const [client, list] of byClient) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    for (const [clock, length] of list) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, length);
    }
  }
  return encoding.toUint8Array(encoder);
}
