import { closeCodes } from './close-codes';
import type { CloseCodeInfo } from './close-codes';

/**
 * Closed set of decode failures (SYNC-FRAME-5). Every one of them closes the connection: after a
 * frame we cannot read, we cannot trust the stream.
 */
export type ProtocolErrorCode =
  /** The frame is larger than `limits.maxFrameBytes`; nothing of it was decoded. */
  | 'frame_too_large'
  /** Truncated, an overlong varint, trailing bytes, invalid UTF-8, a field out of range. */
  | 'malformed_frame'
  /** A message (or sync sub-) type this protocol does not define. */
  | 'unknown_message_type'
  /** A defined type that this side must never receive (e.g. `ack` sent by a client). */
  | 'unexpected_message_type'
  /** The payload of a sync or update-with-ref message is not a Yjs v1 update. */
  | 'invalid_update'
  /** The payload of sync step 1 is not a Yjs state vector. */
  | 'invalid_state_vector'
  /** The payload of an awareness message is not a y-protocols awareness update. */
  | 'invalid_awareness';

/** A typed decode failure; `message` is for logs, never shown to users. */
export interface ProtocolError {
  readonly code: ProtocolErrorCode;
  readonly message: string;
  /** The outer message type, when it could be read. */
  readonly messageType?: number;
}

/** Result of decoding one frame: never an exception. */
export type DecodeResult<M> = { readonly ok: true; readonly message: M } | { readonly ok: false; readonly error: ProtocolError };

/** The close code the relay uses for a decode failure (SYNC-CLOSE-5). */
export const closeCodeForError = (error: ProtocolError): CloseCodeInfo =>
  error.code === 'frame_too_large' ? closeCodes.TooLarge : closeCodes.BadMessage;

/**
 * Thrown inside the decoders only, and always caught by them: it lets deep helpers stop decoding
 * with a precise code instead of threading results through every call.
 */
export class DecodeFailure extends Error {
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DecodeFailure';
  }
}
