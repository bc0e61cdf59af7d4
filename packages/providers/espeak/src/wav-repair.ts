import type { PcmAudio } from '@rpg-bot/spi';
import { readWavLayout } from '@rpg-bot/spi';

/**
 * Reads the 16-bit PCM samples of a WAV as espeak-ng writes it, tolerating what a streaming writer
 * leaves: a RIFF or `data` size of 0, 0x7fffffff or 0xffffffff (or any that runs past the end) means
 * "to the end of the file". Re-encode the result with `encodeWav` for a canonical header.
 */
export function readPcm16Wav(bytes: Uint8Array): PcmAudio {
  let layout;
  try {
    layout = readWavLayout(bytes);
  } catch (error) {
    throw new RangeError(`espeak-ng did not write a usable RIFF/WAVE file: ${(error as Error).message}`, { cause: error });
  }
  const { audioFormat, bitsPerSample, channels, sampleRate } = layout;
  if (audioFormat !== 1 || bitsPerSample !== 16) throw new RangeError(`expected 16-bit PCM, got format ${audioFormat} with ${bitsPerSample} bits`);
  if (channels < 1 || sampleRate < 1) throw new RangeError('bad fmt chunk');
  const { declaredDataBytes: size, availableDataBytes: available } = layout;
  const declared = size === 0 || size > available ? available : size;
  const frameBytes = channels * 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const samples = new Int16Array(Math.floor(declared / frameBytes) * channels);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(layout.dataOffset + i * 2, true);
  return { samples, sampleRate, channels };
}
