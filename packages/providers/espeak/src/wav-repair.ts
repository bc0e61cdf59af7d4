import type { PcmAudio } from '@rpg-bot/spi';

const tag = (bytes: Uint8Array, offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));

/**
 * Reads the 16-bit PCM samples of a WAV as espeak-ng writes it, tolerating what a streaming writer
 * leaves: a RIFF or `data` size of 0, 0x7fffffff or 0xffffffff (or any that runs past the end) means
 * "to the end of the file". Re-encode the result with `encodeWav` for a canonical header.
 */
export function readPcm16Wav(bytes: Uint8Array): PcmAudio {
  if (bytes.length < 12 || tag(bytes, 0) !== 'RIFF' || tag(bytes, 8) !== 'WAVE') throw new RangeError('espeak-ng did not write a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: { readonly sampleRate: number; readonly channels: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + 16 > bytes.length) throw new RangeError('truncated fmt chunk');
      const audioFormat = view.getUint16(body, true);
      const bitsPerSample = view.getUint16(body + 14, true);
      if (audioFormat !== 1 || bitsPerSample !== 16) throw new RangeError(`expected 16-bit PCM, got format ${audioFormat} with ${bitsPerSample} bits`);
      format = { channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true) };
      if (format.channels < 1 || format.sampleRate < 1) throw new RangeError('bad fmt chunk');
    } else if (id === 'data') {
      if (format === undefined) throw new RangeError('data chunk before fmt chunk');
      const available = bytes.length - body;
      const declared = size === 0 || size > available ? available : size;
      const frameBytes = format.channels * 2;
      const samples = new Int16Array(Math.floor(declared / frameBytes) * format.channels);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + i * 2, true);
      return { samples, ...format };
    }
    offset = body + size + (size % 2);
  }
  throw new RangeError('no data chunk');
}
