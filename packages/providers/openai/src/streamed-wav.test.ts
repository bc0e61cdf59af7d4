import { encodeWav, parseWav } from '@rpg-bot/spi';
import { describe, expect, it } from 'vitest';
import { fixStreamedWav } from './streamed-wav';

const canonical = encodeWav({ samples: Int16Array.from({ length: 1000 }, (_, i) => (i % 50) * 100), sampleRate: 24_000, channels: 1 });

function withSizes(bytes: Uint8Array, riff: number, data: number, extra: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(bytes.length + extra.length);
  out.set(bytes);
  out.set(extra, bytes.length);
  const view = new DataView(out.buffer);
  view.setUint32(4, riff, true);
  view.setUint32(40, data, true);
  return out;
}

describe('fixStreamedWav', () => {
  it('leaves a WAV whose sizes are right untouched', () => {
    expect(fixStreamedWav(canonical)).toBe(canonical);
  });

  it.each([0xffffffff, 0x7fffffff, 0])('replaces placeholder sizes (%i) with the bytes received', (placeholder) => {
    const streamed = withSizes(canonical, placeholder, placeholder);
    // As received, it does not parse (the data runs past the end) or reads as no samples at all.
    const framesAsReceived = (() => {
      try {
        return parseWav(streamed).frames;
      } catch {
        return undefined;
      }
    })();
    expect(framesAsReceived ?? 0).toBe(0);
    const fixed = fixStreamedWav(streamed);
    expect([...fixed]).toEqual([...canonical]);
    expect(parseWav(fixed)).toMatchObject({ frames: 1000, dataBytes: 2000 });
  });

  it('drops a half sample frame left by a cut-off stream', () => {
    const streamed = withSizes(canonical, 0xffffffff, 0xffffffff, Uint8Array.of(7));
    expect(fixStreamedWav(streamed).length).toBe(canonical.length);
  });

  it('fixes a RIFF size that is a placeholder when the data size is right', () => {
    const fixed = fixStreamedWav(withSizes(canonical, 0xffffffff, 2000));
    expect(new DataView(fixed.buffer).getUint32(4, true)).toBe(fixed.length - 8);
  });

  it('throws a RangeError on what is not a WAV', () => {
    expect(() => fixStreamedWav(new TextEncoder().encode('{"error":{}}'))).toThrow(RangeError);
    expect(() => fixStreamedWav(canonical.subarray(0, 36))).toThrow(/no data chunk/);
  });
});
