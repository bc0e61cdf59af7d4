import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NOTES_TITLE, buildNotesDoc } from './notes-doc.mjs';

describe('buildNotesDoc', () => {
  const built = buildNotesDoc({ targetBytes: 60_000, frameBytes: 8 * 1024 });

  it('reaches the target size with a notes text that starts with the title', () => {
    expect(built.state.length).toBeGreaterThanOrEqual(60_000);
    expect(built.state.length).toBeLessThan(66_000);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, built.state);
    const text = doc.getText('notes').toString();
    expect(text.startsWith(`# ${NOTES_TITLE}\n`)).toBe(true);
    expect(text.length).toBe(built.textLength);
    expect(text).toContain('## Session 2');
  });

  it('is written by several authors', () => {
    expect(Y.decodeStateVector(built.stateVector).size).toBeGreaterThan(1);
  });

  it('cuts the history into frames under the limit that rebuild the same doc', () => {
    expect(built.frames.length).toBeGreaterThan(1);
    const doc = new Y.Doc();
    for (const frame of built.frames) {
      expect(frame.length).toBeLessThanOrEqual(8 * 1024 + 1024);
      Y.applyUpdate(doc, frame);
    }
    expect(Y.encodeStateAsUpdate(doc)).toEqual(built.state);
  });

  it('builds the same doc from the same seed and another from another seed', () => {
    expect(buildNotesDoc({ targetBytes: 60_000, frameBytes: 8 * 1024 }).state).toEqual(built.state);
    expect(buildNotesDoc({ targetBytes: 60_000, seed: 2 }).state).not.toEqual(built.state);
  });
});
