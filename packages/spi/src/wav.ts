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

/** Where a RIFF/WAVE file's format and samples are, as its chunks say (not yet checked against each other). */
export interface WavLayout {
  readonly audioFormat: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
  /** Bytes per sample frame (the fmt chunk's block align). */
  readonly blockAlign: number;
  /** Byte offset of the `data` chunk's header (its id), and of its payload. */
  readonly dataChunkOffset: number;
  readonly dataOffset: number;
  /** The `data` size the header declares (a streaming writer leaves a placeholder), and the bytes after it. */
  readonly declaredDataBytes: number;
  readonly availableDataBytes: number;
}

/**
 * Walks a RIFF/WAVE file's chunks (skipping others, like `LIST`) to its `fmt ` and `data` chunks:
 * the one walker every WAV reader here uses. Throws a RangeError when the bytes are not RIFF/WAVE,
 * the fmt chunk is short, or the data chunk is missing or comes first.
 */
export function readWavLayout(bytes: Uint8Array): WavLayout {
  if (bytes.length < 12 || tag(bytes, 0) !== 'RIFF' || tag(bytes, 8) !== 'WAVE') throw new RangeError('not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let format: Pick<WavLayout, 'audioFormat' | 'channels' | 'sampleRate' | 'bitsPerSample' | 'blockAlign'> | undefined;
  while (offset + 8 <= bytes.length) {
    const id = tag(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new RangeError('truncated fmt chunk');
      format = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (format === undefined) throw new RangeError('data chunk before fmt chunk');
      return { ...format, dataChunkOffset: offset, dataOffset: body, declaredDataBytes: size, availableDataBytes: bytes.length - body };
    }
    offset = body + size + (size % 2);
  }
  throw new RangeError('no data chunk');
}

/**
 * Reads a PCM WAV's format and the extent of its samples. Throws a RangeError on anything that is
 * not integer PCM WAV with a data chunk as long as it says.
 */
export function parseWav(bytes: Uint8Array): WavInfo {
  const layout = readWavLayout(bytes);
  const { audioFormat, channels, sampleRate, bitsPerSample } = layout;
  if (audioFormat !== 1 && audioFormat !== 0xfffe) throw new RangeError(`not PCM (format ${audioFormat})`);
  if (channels < 1 || sampleRate < 1 || bitsPerSample % 8 !== 0 || bitsPerSample === 0) throw new RangeError('bad fmt chunk');
  const dataBytes = Math.min(layout.declaredDataBytes, layout.availableDataBytes);
  if (dataBytes !== layout.declaredDataBytes) throw new RangeError(`data chunk truncated: ${dataBytes} of ${layout.declaredDataBytes} bytes`);
  const frames = Math.floor(dataBytes / (channels * (bitsPerSample / 8)));
  return { sampleRate, channels, bitsPerSample, frames, durationMs: (frames / sampleRate) * 1000, dataOffset: layout.dataOffset, dataBytes };
}
