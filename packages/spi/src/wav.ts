/** PCM WAV (RIFF) encoding and parsing: what TTS providers write and what the tests check. */

export interface PcmAudio {
  /** Interleaved signed 16-bit samples. */
  readonly samples: Int16Array;
  readonly sampleRate: number;
  readonly channels: number;
}

export interface WavInfo {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  /** Sample frames (samples per channel). */
  readonly frames: number;
  readonly durationMs: number;
  /** Byte offset and length of the `data` chunk's payload. */
  readonly dataOffset: number;
  readonly dataBytes: number;
}

const HEADER_BYTES = 44;

/** A canonical 44-byte-header PCM WAV of 16-bit samples. */
export function encodeWav(audio: PcmAudio): Uint8Array {
  const dataBytes = audio.samples.length * 2;
  const out = new Uint8Array(HEADER_BYTES + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, audio.channels, true);
  view.setUint32(24, audio.sampleRate, true);
  view.setUint32(28, audio.sampleRate * audio.channels * 2, true);
  view.setUint16(32, audio.channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < audio.samples.length; i++) view.setInt16(HEADER_BYTES + i * 2, audio.samples[i] ?? 0, true);
  return out;
}

const tag = (bytes: Uint8Array, offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));

/**
 * Reads a PCM WAV's format and the extent of its samples, walking the RIFF chunks (other chunks,
 * like `LIST`, are skipped). Throws a RangeError on anything that is not integer PCM WAV.
 */
export function parseWav(bytes: Uint8Array): WavInfo {
  if (bytes.length < 12 || tag(bytes, 0) !== 'RIFF' || tag(bytes, 8) !== 'WAVE') throw new RangeError('not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let format: { channels: number; sampleRate: number; bitsPerSample: number } | undefined;
  while (offset + 8 <= bytes.length) {
    const id = tag(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new RangeError('truncated fmt chunk');
      const audioFormat = view.getUint16(body, true);
      if (audioFormat !== 1 && audioFormat !== 0xfffe) throw new RangeError(`not PCM (format ${audioFormat})`);
      format = {
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
      if (format.channels < 1 || format.sampleRate < 1 || format.bitsPerSample % 8 !== 0 || format.bitsPerSample === 0) throw new RangeError('bad fmt chunk');
    } else if (id === 'data') {
      if (format === undefined) throw new RangeError('data chunk before fmt chunk');
      const dataBytes = Math.min(size, bytes.length - body);
      if (dataBytes !== size) throw new RangeError(`data chunk truncated: ${dataBytes} of ${size} bytes`);
      const frameBytes = format.channels * (format.bitsPerSample / 8);
      const frames = Math.floor(dataBytes / frameBytes);
      return {
        ...format,
        frames,
        durationMs: (frames / format.sampleRate) * 1000,
        dataOffset: body,
        dataBytes,
      };
    }
    offset = body + size + (size % 2);
  }
  throw new RangeError('no data chunk');
}
