import { decodeFrame, readSync, readVersionAndCapabilities, typeName } from './decode-frame';
import type { FrameReader } from './frame-reader';
import type { DecodeLimits } from './limits';
import { messageType } from './message-types';
import type { ClientMessage, UpdateFragmentMessage } from './messages';
import { checkUpdate, parseAwareness } from './payloads';
import { DecodeFailure } from './protocol-error';
import type { DecodeResult } from './protocol-error';

/**
 * Decodes one frame received by the relay from a client. Never throws: every failure is a typed
 * {@link ProtocolError} (SYNC-FRAME-4). Updates are checked to be Yjs v1 updates and state vectors
 * to be state vectors before they are returned (SYNC-UPDATE-1, SYNC-UPDATE-2).
 *
 * @example
 * const result = decodeClientMessage(frame, { maxFrameBytes: 1 << 20 });
 * if (!result.ok) socket.close(closeCodeForError(result.error).code);
 */
export const decodeClientMessage = (frame: Uint8Array, limits: DecodeLimits): DecodeResult<ClientMessage> =>
  decodeFrame(frame, limits, readClientMessage);

const readClientMessage = (type: number, reader: FrameReader): ClientMessage => {
  switch (type) {
    case messageType.sync:
      return readSync(reader, true);
    case messageType.awareness: {
      const update = reader.varBytes('awareness update');
      return { type: 'awareness', update, entries: parseAwareness(update) };
    }
    case messageType.queryAwareness:
      return { type: 'query-awareness' };
    case messageType.hello:
      return { type: 'hello', ...readVersionAndCapabilities(reader) };
    case messageType.updateWithRef: {
      const ref = reader.varUint('ref');
      const update = reader.varBytes('update');
      checkUpdate(update, 'update');
      return { type: 'update-with-ref', ref, update };
    }
    case messageType.updateFragment:
      return readUpdateFragment(reader);
    case messageType.auth:
    case messageType.limits:
    case messageType.welcome:
    case messageType.ack:
    case messageType.rejected:
      throw new DecodeFailure('unexpected_message_type', `${typeName(type)} is sent by servers only`);
    default:
      throw new DecodeFailure('unknown_message_type', `unknown message type ${type}`);
  }
};

/** The layout rules of SYNC-FRAG-2 that one frame can show; order across frames is the relay's. */
const readUpdateFragment = (reader: FrameReader): UpdateFragmentMessage => {
  const ref = reader.varUint('ref');
  const totalBytes = reader.varUint('totalBytes');
  const offset = reader.varUint('offset');
  const chunk = reader.varBytes('chunk');
  if (chunk.byteLength === 0) throw new DecodeFailure('malformed_frame', 'update-fragment: empty chunk');
  if (offset + chunk.byteLength > totalBytes) {
    throw new DecodeFailure('malformed_frame', `update-fragment: bytes ${offset}…${offset + chunk.byteLength} exceed the total of ${totalBytes}`);
  }
  return { type: 'update-fragment', ref, totalBytes, offset, chunk };
};
