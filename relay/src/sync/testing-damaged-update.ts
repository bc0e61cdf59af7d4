// Test support (not exported): the poisoned update relays before SYNC-UPDATE-5 accepted and stored.
import * as encoding from 'lib0/encoding';

/** A GC run to near 2^53, then a string item ending past it: well-formed v1 bytes that break the doc. */
export function overflowUpdate(): Uint8Array {
  const e = encoding.createEncoder();
  for (const n of [1, 2, 4242, 0]) encoding.writeVarUint(e, n);
  encoding.writeUint8(e, 0);
  encoding.writeVarUint(e, Number.MAX_SAFE_INTEGER - 3);
  encoding.writeUint8(e, 4);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, 't');
  encoding.writeVarString(e, 'poison');
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}
