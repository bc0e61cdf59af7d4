import * as encoding from 'lib0/encoding';
import type { Encoder } from 'lib0/encoding';
import { writeFrame, writeString, writeUint } from './frame-writer';
import { messageType } from './message-types';
import type { RejectionCode } from './rejection-codes';
import { extensionLimits } from './version';

/** Client → server: opt in to the extension (SYNC-HELLO-1). */
export const encodeHello = (hello: { version: number; capabilities: readonly string[] }): Uint8Array =>
  writeFrame((encoder) => {
    encoding.writeVarUint(encoder, messageType.hello);
    writeVersionAndCapabilities(encoder, hello.version, hello.capabilities);
  });

/** Server → client: the version and capabilities granted on this connection (SYNC-HELLO-2). */
export const encodeWelcome = (welcome: { version: number; capabilities: readonly string[] }): Uint8Array =>
  writeFrame((encoder) => {
    encoding.writeVarUint(encoder, messageType.welcome);
    writeVersionAndCapabilities(encoder, welcome.version, welcome.capabilities);
  });

/** Client → server: a Yjs v1 update to be acknowledged under `ref` (SYNC-ACK-1). */
export const encodeUpdateWithRef = (ref: number, update: Uint8Array): Uint8Array =>
  writeFrame((encoder) => {
    encoding.writeVarUint(encoder, messageType.updateWithRef);
    writeUint(encoder, ref, 'ref');
    encoding.writeVarUint8Array(encoder, update);
  });

/**
 * Client → server (`frag/1`): bytes `offset … offset + chunk.length` of an update of `totalBytes`
 * bytes sent under `ref` (SYNC-FRAG-2). {@link fragmentUpdate} cuts an update into these.
 */
export const encodeUpdateFragment = (fragment: { ref: number; totalBytes: number; offset: number; chunk: Uint8Array }): Uint8Array =>
  writeFrame((encoder) => {
    encoding.writeVarUint(encoder, messageType.updateFragment);
    writeUint(encoder, fragment.ref, 'ref');
    writeUint(encoder, fragment.totalBytes, 'totalBytes');
    writeUint(encoder, fragment.offset, 'offset');
    encoding.writeVarUint8Array(encoder, fragment.chunk);
  });

/**
 * The frames that carry `update` under `ref`: one `update-with-ref` when it fits in `chunkBytes`,
 * otherwise `update-fragment`s of at most `chunkBytes` bytes each, in order (SYNC-FRAG-2).
 */
export const fragmentUpdate = (ref: number, update: Uint8Array, chunkBytes: number): Uint8Array[] => {
  if (!(chunkBytes >= 1)) throw new RangeError('chunkBytes must be at least 1');
  if (update.byteLength <= chunkBytes) return [encodeUpdateWithRef(ref, update)];
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset < update.byteLength; offset += chunkBytes) {
    const chunk = update.subarray(offset, Math.min(update.byteLength, offset + chunkBytes));
    frames.push(encodeUpdateFragment({ ref, totalBytes: update.byteLength, offset, chunk }));
  }
  return frames;
};

/** Server → client (`frag/1`): the relay's limits, sent right after `welcome` (SYNC-FRAG-1). */
export const encodeLimits = (limits: { maxFrameBytes: number; maxDocBytes: number }): Uint8Array =>
  writeFrame((encoder) => {
    encoding.writeVarUint(encoder, messageType.limits);
    writeUint(encoder, limits.maxFrameBytes, 'maxFrameBytes');
    writeUint(encoder, limits.maxDocBytes, 'maxDocBytes');
  });

/** Server → client: the update sent under `ref` is durably stored as of `seq` (SYNC-ACK-2). */
export const encodeAck = (ref: number, seq: number): Uint8Array =>
  writeFrame((encoder) => {
    encoding.writeVarUint(encoder, messageType.ack);
    writeUint(encoder, ref, 'ref');
    writeUint(encoder, seq, 'seq');
  });

/**
 * Server → client: an update was refused and not stored (SYNC-REJ-1). Omit `ref` for an update
 * that was sent without one (a plain sync update or step 2).
 */
export const encodeRejected = (rejection: { ref?: number; code: RejectionCode; reason: string }): Uint8Array =>
  writeFrame((encoder) => {
    encoding.writeVarUint(encoder, messageType.rejected);
    if (rejection.ref === undefined) {
      encoding.writeVarUint(encoder, 0);
    } else {
      encoding.writeVarUint(encoder, 1);
      writeUint(encoder, rejection.ref, 'ref');
    }
    writeString(encoder, rejection.code, extensionLimits.maxCapabilityBytes, 'code');
    writeString(encoder, rejection.reason, extensionLimits.maxReasonBytes, 'reason');
  });

const writeVersionAndCapabilities = (encoder: Encoder, version: number, capabilities: readonly string[]): void => {
  writeUint(encoder, version, 'version');
  if (capabilities.length > extensionLimits.maxCapabilities) {
    throw new RangeError(`at most ${extensionLimits.maxCapabilities} capabilities, got ${capabilities.length}`);
  }
  encoding.writeVarUint(encoder, capabilities.length);
  for (const capability of capabilities) {
    writeString(encoder, capability, extensionLimits.maxCapabilityBytes, 'capability');
  }
};
