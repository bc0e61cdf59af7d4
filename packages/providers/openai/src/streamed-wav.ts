const tag = (bytes: Uint8Array, offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));

/**
 * Makes a streamed WAV a valid one. OpenAI sends `response_format: 'wav'` as it renders, before
 * it knows the length, so the RIFF size and the `data` size are placeholders (0xFFFFFFFF; other
 * streaming writers use 0 or 0x7FFFFFFF). A `data` size that is a placeholder or runs past the end
 * becomes the bytes actually received, cut to whole sample frames, and the RIFF size becomes the
 * file's length; nothing after the samples is kept. A WAV whose sizes are right is returned as is.
 * Throws a RangeError when the bytes are not a RIFF/WAVE file with a `fmt ` and a `data` chunk.
 */
export function fixStreamedWav(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 12 || tag(bytes, 0) !== 'RIFF' || tag(bytes, 8) !== 'WAVE') throw new RangeError('not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let frameBytes: number | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + 16 > bytes.length) throw new RangeError('truncated fmt chunk');
      frameBytes = view.getUint16(body + 12, true); // block align: bytes per sample frame
      if (frameBytes < 1) throw new RangeError('bad fmt chunk (block align 0)');
    } else if (id === 'data') {
      if (frameBytes === undefined) throw new RangeError('data chunk before fmt chunk');
      const available = bytes.length - body;
      const sizeIsReal = size !== 0 && size <= available;
      if (sizeIsReal && view.getUint32(4, true) === bytes.length - 8) return bytes;
      const dataBytes = sizeIsReal ? size : available - (available % frameBytes);
      const fixed = bytes.slice(0, body + dataBytes);
      const out = new DataView(fixed.buffer);
      out.setUint32(4, fixed.length - 8, true);
      out.setUint32(offset + 4, dataBytes, true);
      return fixed;
    }
    offset = body + size + (size % 2);
  }
  throw new RangeError('no data chunk');
}
