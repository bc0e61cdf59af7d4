import * as encoding from 'lib0/encoding';
import { writeFrame, writeString, writeUint } from './frame-writer';
import { authType, messageType, syncType } from './message-types';
import type { AwarenessEntry } from './messages';
import { extensionLimits } from './version';

/** Sync step 1 carrying the sender's state vector (`Y.encodeStateVector(doc)`). */
export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => encodeSync(syncType.step1, stateVector);

/** Sync step 2 carrying what the receiver misses (`Y.encodeStateAsUpdate(doc, theirStateVector)`). */
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => encodeSync(syncType.step2, update);

/**
 * The bytes that precede an update of `length` bytes in a sync step 2 frame: header + update is
 * exactly `encodeSyncStep2(update)`. Lets a relay keep one large state in a frame-shaped buffer and
 * send it to many joiners without copying it per socket.
 */
export const syncStep2Header = (length: number): Uint8Array =>
  writeFrame((encoder) => {
    encoding.writeVarUint(encoder, messageType.sync);
    encoding.writeVarUint(encoder, syncType.step2);
    writeUint(encoder, length, 'length');
  });

/** An incremental Yjs v1 update. */
export const encodeSyncUpdate = (update: Uint8Array): Uint8Array => encodeSync(syncType.update, update);

const encodeSync = (sub: number, payload: Uint8Array): Uint8Array =>
  writeFrame((encoder) => {
    encoding.writeVarUint(encoder, messageType.sync);
    encoding.writeVarUint(encoder, sub);
    encoding.writeVarUint8Array(encoder, payload);
  });

/** An awareness update (`encodeAwarenessUpdate` from y-protocols, or a received one forwarded). */
export const encodeAwareness = (update: Uint8Array): Uint8Array =>
  writeFrame((encoder) => {
    encoding.writeVarUint(encoder, messageType.awareness);
    encoding.writeVarUint8Array(encoder, update);
  });

/**
 * The awareness update payload for these entries (the SYNC-AWARENESS-1 layout, as y-protocols'
 * `encodeAwarenessUpdate` writes it; `state: null` = the client left): what a relay sends when it
 * rewrote or dropped entries of a received update. Wrap it with {@link encodeAwareness}.
 */
export const encodeAwarenessEntries = (entries: readonly AwarenessEntry[]): Uint8Array =>
  writeFrame((encoder) => {
    writeUint(encoder, entries.length, 'awareness size');
    for (const { clientId, clock, state } of entries) {
      writeUint(encoder, clientId, 'client id');
      writeUint(encoder, clock, 'clock');
      // States are JSON values (parsed from a frame, or built by the relay); undefined would not stringify.
      encoding.writeVarString(encoder, state === undefined ? 'null' : JSON.stringify(state));
    }
  });

/** Asks the peer to send all awareness states it knows. */
export const encodeQueryAwareness = (): Uint8Array =>
  writeFrame((encoder) => {
    encoding.writeVarUint(encoder, messageType.queryAwareness);
  });

/**
 * y-protocols "permission denied": stock clients log `reason`. The relay sends it before closing
 * with `Forbidden` so that stock clients leave a trace of why (SYNC-CLOSE-6).
 */
export const encodePermissionDenied = (reason: string): Uint8Array =>
  writeFrame((encoder) => {
    encoding.writeVarUint(encoder, messageType.auth);
    encoding.writeVarUint(encoder, authType.permissionDenied);
    writeString(encoder, reason, extensionLimits.maxReasonBytes, 'reason');
  });
