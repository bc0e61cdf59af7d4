import { encodeWav, parseWav } from '@rpg-bot/spi';
import { describe, expect, it } from 'vitest';
import { readPcm16Wav } from './wav-repair';

const samples = Int16Array.from({ length: 101 }, (_, i) => (i * 997) % 30_000 - 15_000);
const audio = { samples, sampleRate: 22_050, channels: 1 };

/** A WAV with a `LIST` chunk before `data`, as some writers leave it. */
function withListChunk(): Uint8Array {
  const wav = encodeWav(audio);
  const list = new Uint8Array([...new TextEncoder().encode('LIST'), 3, 0, 0, 0, 1, 2, 3, 0]);
  return new Uint8Array([...wav.subarray(0, 36), ...list, ...wav.subarray(36)]);
}

function framesOrError(bytes: Uint8Array): number | string {
  try {
    return parseWav(bytes).frames;
  } catch (error) {
    return error instanceof RangeError ? 'RangeError' : String(error);
  }
}

describe('readPcm16Wav', () => {
  it('reads a canonical WAV back unchanged', () => {
    expect(readPcm16Wav(encodeWav(audio))).toEqual(audio);
  });

  it('repairs streaming sizes (0x7fffffff, 0xffffffff, 0) so the re-encoded header matches the samples', () => {
    for (const size of [0x7fffffff, 0xffffffff, 0]) {
      const streamed = encodeWav(audio);
      const view = new DataView(streamed.buffer);
      view.setUint32(4, size, true);
      view.setUint32(40, size, true);
      expect(framesOrError(streamed)).toBe(size === 0 ? 0 : 'RangeError'); // as written, the header lies
      const repaired = encodeWav(readPcm16Wav(streamed));
      expect(parseWav(repaired).frames).toBe(samples.length);
      expect(repaired).toEqual(encodeWav(audio));
    }
  });

  it('skips other chunks and drops a trailing half sample', () => {
    expect(readPcm16Wav(withListChunk()).samples).toEqual(samples);
    const odd = encodeWav(audio);
    const padded = new Uint8Array([...odd, 7]);
    new DataView(padded.buffer).setUint32(40, 0x7fffffff, true);
    expect(readPcm16Wav(padded).samples).toEqual(samples);
  });

  it('refuses what is not 16-bit PCM WAV', () => {
    expect(() => readPcm16Wav(new Uint8Array(8))).toThrow(RangeError);
    const eightBit = encodeWav(audio);
    new DataView(eightBit.buffer).setUint16(34, 8, true);
    expect(() => readPcm16Wav(eightBit)).toThrow(/16-bit PCM/);
    const noData = encodeWav(audio).subarray(0, 36);
    expect(() => readPcm16Wav(noData)).toThrow(/no data chunk/);
  });
});
