import * as encoding from 'lib0/encoding';

/**
 * Builds one frame. Encoders throw `RangeError` on values the decoder would refuse: that is a
 * programmer error on the sending side, and failing there is better than closing the peer's
 * connection with `BadMessage`.
 */
export const writeFrame = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
};

/** Writes a varuint after checking it is a non-negative safe integer. */
export const writeUint = (encoder: encoding.Encoder, value: number, field: string): void => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${field} must be a non-negative safe integer, got ${value}`);
  }
  encoding.writeVarUint(encoder, value);
};

/** Writes a length-prefixed UTF-8 string after checking its encoded length. */
export const writeString = (encoder: encoding.Encoder, value: string, maxBytes: number, field: string): void => {
  const bytes = utf8.encode(value);
  if (bytes.byteLength > maxBytes) {
    throw new RangeError(`${field} must be at most ${maxBytes} UTF-8 bytes, got ${bytes.byteLength}`);
  }
  encoding.writeVarUint8Array(encoder, bytes);
};

const utf8 = new TextEncoder();
