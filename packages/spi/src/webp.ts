/** Reads a WebP file's canvas size from its header (VP8, VP8L or VP8X), without decoding it. */
export interface WebpInfo {
  readonly width: number;
  readonly height: number;
  readonly format: 'VP8' | 'VP8L' | 'VP8X';
}

const tag = (bytes: Uint8Array, offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));

export function parseWebpHeader(bytes: Uint8Array): WebpInfo {
  if (bytes.length < 30 || tag(bytes, 0) !== 'RIFF' || tag(bytes, 8) !== 'WEBP') throw new RangeError('not a RIFF/WEBP file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffSize = view.getUint32(4, true);
  if (riffSize + 8 > bytes.length) throw new RangeError(`truncated: the RIFF header declares ${riffSize + 8} bytes, the file has ${bytes.length}`);
  const chunk = tag(bytes, 12);
  const body = 20;
  if (chunk === 'VP8 ') {
    if (bytes[body + 3] !== 0x9d || bytes[body + 4] !== 0x01 || bytes[body + 5] !== 0x2a) throw new RangeError('bad VP8 start code');
    return {
      format: 'VP8',
      width: view.getUint16(body + 6, true) & 0x3fff,
      height: view.getUint16(body + 8, true) & 0x3fff,
    };
  }
  if (chunk === 'VP8L') {
    if (bytes[body] !== 0x2f) throw new RangeError('bad VP8L signature');
    const bits = view.getUint32(body + 1, true);
    return {
      format: 'VP8L',
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
    };
  }
  if (chunk === 'VP8X') {
    const uint24 = (at: number) => view.getUint16(at, true) | (view.getUint8(at + 2) << 16);
    const w = uint24(body + 4);
    const h = uint24(body + 7);
    return { format: 'VP8X', width: w + 1, height: h + 1 };
  }
  throw new RangeError(`unknown WebP chunk ${JSON.stringify(chunk)}`);
}
