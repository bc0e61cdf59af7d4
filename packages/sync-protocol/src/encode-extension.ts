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
