import { sha256Hex } from '@rpg-bot/spi';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { INPUT_PATH, loadEspeakEngine, OUTPUT_PATH } from './engine';

const engine = loadEspeakEngine();
const speak = (voice: string) => ['-b', '1', '-v', voice, '-w', OUTPUT_PATH, '-f', INPUT_PATH];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('espeak-ng engine', () => {
  it('reports its version and writes a WAV per run', async () => {
    const espeak = await engine;
    expect(espeak.version).toMatch(/^\d+\.\d+/);
    const run = await espeak.run(speak('en-us'), 'Hello.');
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.output?.length).toBeGreaterThan(44);
  });

  it('returns a failed run’s status and message without touching the host’s exit code', async () => {
    const espeak = await engine;
    const before = process.exitCode;
    const run = await espeak.run(speak('xx-no-such-voice'), 'Hello.');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/voice does not exist/);
    expect(run.output).toBeUndefined();
    expect(process.exitCode).toBe(before);
  });

  it('gives a variant voice the same bytes whatever the wall clock says', async () => {
    const espeak = await engine;
    const now = vi.spyOn(Date, 'now');
    now.mockReturnValue(1_700_000_000_000);
    const a = await espeak.run(speak('ru+f3'), 'Бросайте инициативу.');
    now.mockReturnValue(1_800_000_000_000);
    const b = await espeak.run(speak('ru+f3'), 'Бросайте инициативу.');
    expect(a.output).toBeDefined();
    expect(sha256Hex(a.output!)).toBe(sha256Hex(b.output!));
  });
});
