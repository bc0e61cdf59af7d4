import { decodeFrame, readSync, readVersionAndCapabilities, typeName } from './decode-frame';
import type { FrameReader } from './frame-reader';
import type { DecodeLimits } from './limits';
import { authType, messageType } from './message-types';
import type { RejectedMessage, ServerMessage } from './messages';
import { parseAwareness } from './payloads';
import { DecodeFailure } from './protocol-error';
import type { DecodeResult } from './protocol-error';
import { isRejectionCode } from './rejection-codes';
import { extensionLimits } from './version';

/**
 * Decodes one frame received by a client from the relay. Never throws (SYNC-FRAME-4). Yjs
 * updates are not re-checked here: the relay checked them on the way in, and the client's
 * `Y.applyUpdate` is the final reader anyway (SYNC-UPDATE-3).
 */
export const decodeServerMessage = (frame: Uint8Array, limits: DecodeLimits): DecodeResult<ServerMessage> =>
  decodeFrame(frame, limits, readServerMessage);

const readServerMessage = (type: number, reader: FrameReader): ServerMessage => {
  switch (type) {
    case messageType.sync:
      return readSync(reader, false);
    case messageType.awareness: {
      const update = reader.varBytes('awareness update');
      return { type: 'awareness', update, entries: parseAwareness(update) };
    }
    case messageType.queryAwareness:
      return { type: 'query-awareness' };
    case messageType.auth:
      return readAuth(reader);
    case messageType.welcome:
      return { type: 'welcome', ...readVersionAndCapabilities(reader) };
    case messageType.ack:
      return { type: 'ack', ref: reader.varUint('ref'), seq: reader.varUint('seq') };
    case messageType.rejected:
      return readRejected(reader);
    case messageType.limits:
      return { type: 'limits', maxFrameBytes: reader.varUint('maxFrameBytes'), maxDocBytes: reader.varUint('maxDocBytes') };
    case messageType.hello:
    case messageType.updateWithRef:
    case messageType.updateFragment:
      throw new DecodeFailure('unexpected_message_type', `${typeName(type)} is sent by clients only`);
    default:
      throw new DecodeFailure('unknown_message_type', `unknown message type ${type}`);
  }
};

const readAuth = (reader: FrameReader): ServerMessage => {
  const sub = reader.varUint('auth type');
  if (sub !== authType.permissionDenied) {
    throw new DecodeFailure('unknown_message_type', `unknown auth type ${sub}`);
  }
  return { type: 'permission-denied', reason: reader.varString('reason', extensionLimits.maxReasonBytes) };
};

/** Bit 0 of the flags says whether a ref follows; the other bits are reserved and must be 0. */
const hasRefFlag = 1;

const readRejected = (reader: FrameReader): RejectedMessage => {
  const flags = reader.varUint('flags');
  if (flags !== 0 && flags !== hasRefFlag) throw new DecodeFailure('malformed_frame', `reserved flag bits set: ${flags}`);
  const ref = flags === hasRefFlag ? reader.varUint('ref') : undefined;
  const code = reader.varString('code', extensionLimits.maxCapabilityBytes);
  if (!isRejectionCode(code)) throw new DecodeFailure('malformed_frame', `unknown rejection code ${code}`);
  const reason = reader.varString('reason', extensionLimits.maxReasonBytes);
  return ref === undefined ? { type: 'rejected', code, reason } : { type: 'rejected', ref, code, reason };
};
