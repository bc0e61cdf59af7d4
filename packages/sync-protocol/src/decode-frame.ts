import { FrameReader } from './frame-reader';
import type { DecodeLimits } from './limits';
import { messageType, syncType } from './message-types';
import type { SyncStep1Message, SyncStep2Message, SyncUpdateMessage } from './messages';
import { checkStateVector, checkUpdate } from './payloads';
import { DecodeFailure } from './protocol-error';
import type { DecodeResult } from './protocol-error';
import { extensionLimits } from './version';

/**
 * Shared frame handling of both decoders: size check first, then `read`, then the trailing-byte
 * check; any exception becomes a typed error, so the decoders never throw (SYNC-FRAME-4).
 */
export const decodeFrame = <M>(
  frame: Uint8Array,
  limits: DecodeLimits,
  read: (type: number, reader: FrameReader) => M,
): DecodeResult<M> => {
  let type: number | undefined;
  try {
    if (frame.byteLength > limits.maxFrameBytes) {
      return fail('frame_too_large', `frame of ${frame.byteLength} bytes exceeds ${limits.maxFrameBytes}`, type);
    }
    const reader = new FrameReader(frame);
    type = reader.varUint('message type');
    const message = read(type, reader);
    reader.end();
    return { ok: true, message };
  } catch (cause) {
    if (cause instanceof DecodeFailure) return fail(cause.code, cause.message, type);
    // Unreachable by design; kept so that a bug in a payload parser cannot crash a relay.
    return fail('malformed_frame', cause instanceof Error ? cause.message : 'decode failed', type);
  }
};

const fail = <M>(code: DecodeFailure['code'], message: string, type: number | undefined): DecodeResult<M> => ({
  ok: false,
  error: type === undefined ? { code, message } : { code, message, messageType: type },
});

/** Reads the body of a y-protocols sync message; `checkUpdates` runs the Yjs check (SYNC-UPDATE-1/3). */
export const readSync = (
  reader: FrameReader,
  checkUpdates: boolean,
): SyncStep1Message | SyncStep2Message | SyncUpdateMessage => {
  const sub = reader.varUint('sync type');
  switch (sub) {
    case syncType.step1: {
      const stateVector = reader.varBytes('state vector');
      checkStateVector(stateVector);
      return { type: 'sync-step1', stateVector };
    }
    case syncType.step2:
    case syncType.update: {
      const update = reader.varBytes('update');
      if (checkUpdates) checkUpdate(update, 'update');
      return sub === syncType.step2 ? { type: 'sync-step2', update } : { type: 'sync-update', update };
    }
    default:
      throw new DecodeFailure('unknown_message_type', `unknown sync type ${sub}`);
  }
};

/** Reads the `version, capabilities[]` layout shared by hello and welcome. */
export const readVersionAndCapabilities = (
  reader: FrameReader,
): { version: number; capabilities: string[] } => {
  const version = reader.varUint('version');
  const count = reader.varUint('capability count');
  if (count > extensionLimits.maxCapabilities) {
    throw new DecodeFailure('malformed_frame', `more than ${extensionLimits.maxCapabilities} capabilities`);
  }
  const capabilities: string[] = [];
  for (let i = 0; i < count; i++) {
    capabilities.push(reader.varString('capability', extensionLimits.maxCapabilityBytes));
  }
  return { version, capabilities };
};

/** Names a message type in error messages. */
export const typeName = (type: number): string =>
  Object.entries(messageType).find(([, value]) => value === type)?.[0] ?? String(type);
