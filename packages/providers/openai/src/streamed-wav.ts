import { readWavLayout } from '@rpg-bot/spi';

/**
 * Makes a streamed WAV a valid one. OpenAI sends `response_format: 'wav'` as it renders, before
 * it knows the length, so the RIFF size and the `data` size are placeholders (0xFFFFFFFF; other
 * streaming writers use 0 or 0x7FFFFFFF). A `data` size that is a placeholder or runs past the end
 * becomes the bytes actually received, cut to whole sample frames, and the RIFF size becomes the
 * file's length; nothing after the samples is kept. A WAV whose sizes are right is returned as is.
 * Throws a RangeError when the bytes are not a RIFF/WAVE file with a `fmt ` and a `data` chunk.
 */
export function fixStreamedWav(bytes: Uint8Array): Uint8Array {
  const layout = readWavLayout(bytes);
  const frameBytes = layout.blockAlign;
  if (frameBytes < 1) throw new RangeError('bad fmt chunk (block align 0)');
  const { declaredDataBytes: size, availableDataBytes: available } = layout;
  const sizeIsReal = size !== 0 && size <= available;
  const riffSize = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (sizeIsReal && riffSize === bytes.length - 8) return bytes;
  const dataBytes = sizeIsReal ? size : available - (available % frameBytes);
  const fixed = bytes.slice(0, layout.dataOffset + dataBytes);
  const out = new DataView(fixed.buffer);
  out.setUint32(4, fixed.length - 8, true);
  out.setUint32(layout.dataChunkOffset + 4, dataBytes, true);
  return fixed;
}
