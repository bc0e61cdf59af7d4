#!/usr/bin/env node
// Writes the binary parts of the test fixtures once: a short WAV shaped like OpenAI's streamed
// `response_format: 'wav'` (24 kHz mono 16-bit, RIFF and data sizes 0xFFFFFFFF because the server
// does not know the length when it starts sending) and a small PNG for `b64_json`.
// Run: node packages/providers/openai/scripts/make-fixtures.mjs (the outputs are committed).
import { readFile, writeFile } from 'node:fs/promises';
import sharp from 'sharp';

const fixtures = new URL('../fixtures/', import.meta.url);
const SAMPLE_RATE = 24_000;
const SECONDS = 0.75;

/** A vowel-like sound: a 140 Hz buzz with three formants, a syllable envelope, no randomness. */
function speechLikeSamples() {
  const frames = Math.round(SAMPLE_RATE * SECONDS);
  const samples = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    const t = i / SAMPLE_RATE;
    const envelope = Math.sin(Math.PI * Math.min(1, (t * 4) % 1)) ** 2;
    const voice = Math.sin(2 * Math.PI * 140 * t) * 0.5 + Math.sin(2 * Math.PI * 700 * t) * 0.3 + Math.sin(2 * Math.PI * 1220 * t) * 0.2;
    samples[i] = Math.round(voice * envelope * 12_000);
  }
  return samples;
}

function streamedWav(samples) {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(0xffffffff, 4); // unknown length: what a streaming writer sends
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(SAMPLE_RATE, 24);
  out.writeUInt32LE(SAMPLE_RATE * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(0xffffffff, 40);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i], 44 + i * 2);
  return out;
}

/** A 96×96 PNG: a dusk gradient with a dark hill, enough to tell a decoded image from a blank one. */
async function scenePng() {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2b3a67"/><stop offset="1" stop-color="#f4a261"/></linearGradient></defs>
  <rect width="96" height="96" fill="url(#sky)"/><circle cx="68" cy="30" r="9" fill="#fefae0"/>
  <path d="M0 70 Q30 48 56 66 T96 60 V96 H0 Z" fill="#264653"/></svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}

await writeFile(new URL('speech.wav', fixtures), streamedWav(speechLikeSamples()));
const imagePath = new URL('image.json', fixtures);
const image = JSON.parse(await readFile(imagePath, 'utf8'));
image.body.data[0].b64_json = (await scenePng()).toString('base64');
await writeFile(imagePath, `${JSON.stringify(image, null, 2)}\n`);
console.log('wrote fixtures/speech.wav and the b64_json of fixtures/image.json');
