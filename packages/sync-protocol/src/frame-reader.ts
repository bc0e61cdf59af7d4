import * as decoding from 'lib0/decoding';
import { DecodeFailure } from './protocol-error';

/**
 * Bounds-checked reads on top of lib0's decoder. lib0 throws plain errors on truncation (and
 * `readUint8` does not check at all), so every read here either returns a valid value or throws
 * a {@link DecodeFailure}.
 */
export class FrameReader {
  private readonly decoder: decoding.Decoder;

  constructor(frame: Uint8Array) {
    this.decoder = decoding.createDecoder(frame);
  }

  /** A varuint that fits in a JavaScript safe integer. */
  varUint(field: string): number {
    let value: number;
    try {
      value = decoding.readVarUint(this.decoder);
    } catch {
      throw new DecodeFailure('malformed_frame', `${field}: truncated or overlong varuint`);
    }
    if (!Number.isSafeInteger(value)) {
      throw new DecodeFailure('malformed_frame', `${field}: varuint exceeds 2^53-1`);
    }
    return value;
  }

  /** One raw byte (Yjs writes struct info as a plain byte, not a varuint). */
  byte(): number {
    const byte = this.decoder.arr[this.decoder.pos];
    if (byte === undefined) throw new DecodeFailure('malformed_frame', 'truncated byte');
    this.decoder.pos += 1;
    return byte;
  }

  /** A length-prefixed byte array, as a view into the frame. */
  varBytes(field: string): Uint8Array {
    const length = this.varUint(`${field} length`);
    if (length > this.remaining()) {
      throw new DecodeFailure('malformed_frame', `${field}: length ${length} exceeds the frame`);
    }
    return decoding.readUint8Array(this.decoder, length);
  }

  /** A length-prefixed UTF-8 string of at most `maxBytes` bytes. */
  varString(field: string, maxBytes: number): string {
    const bytes = this.varBytes(field);
    if (bytes.byteLength > maxBytes) {
      throw new DecodeFailure('malformed_frame', `${field}: longer than ${maxBytes} bytes`);
    }
    try {
      return utf8.decode(bytes);
    } catch {
      throw new DecodeFailure('malformed_frame', `${field}: invalid UTF-8`);
    }
  }

  /** A value in lib0's `writeAny` encoding (used by Yjs for `ContentAny` and sub-document options). */
  lib0Any(field: string): unknown {
    if (this.remaining() === 0) throw new DecodeFailure('malformed_frame', `${field}: truncated`);
    try {
      return decoding.readAny(this.decoder) as unknown;
    } catch {
      // lib0 throws (or dereferences an unknown tag) on bad input; deep nesting overflows the stack.
      throw new DecodeFailure('malformed_frame', `${field}: invalid lib0 value`);
    }
  }

  remaining(): number {
    return this.decoder.arr.length - this.decoder.pos;
  }

  /** Fails unless every byte of the frame was consumed (SYNC-FRAME-2). */
  end(): void {
    const rest = this.remaining();
    if (rest !== 0) {
      throw new DecodeFailure('malformed_frame', `${rest} trailing byte(s) after the message`);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
