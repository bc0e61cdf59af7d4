import type { Job } from '@rpg-bot/contracts';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { attachMedia, mediaRefOf, readMediaRef, readNarrations, readPortrait, removeNarration } from './media-attachments';

const sha = 'a'.repeat(64);
const job = (id: string, mime: 'image/webp' | 'audio/wav' = 'image/webp'): Job => ({
  id,
  type: mime === 'image/webp' ? 'avatar' : 'tts',
  campaignId: 'c1',
  createdBy: 'u1',
  status: 'succeeded',
  progress: 1,
  attempts: 1,
  maxAttempts: 3,
  createdAt: '2026-12-07T10:00:00.000Z',
  updatedAt: '2026-12-07T10:00:01.000Z',
  finishedAt: '2026-12-07T10:00:01.000Z',
  payload: {},
  result: {
    artifactUrl: `/v1/artifacts/${sha}.${mime === 'image/webp' ? 'webp' : 'wav'}`,
    mime,
    bytes: 1234,
    sha256: sha,
    meta: {
      provider: 'local',
      model: 'dicebear lorelei',
      licence: { name: 'CC0-1.0', attribution: '“Lorelei” by Lisa Wischofsky' },
      width: 256,
      height: 256,
      costUsd: 0,
    },
  },
});

describe('media attachments', () => {
  it('attaches a portrait to its character once, and reports a deleted character', () => {
    const doc = new Y.Doc();
    const characters = doc.getMap<Y.Map<unknown>>('characters');
    characters.set('c-1', new Y.Map());
    const ref = mediaRefOf(job('j1'), 'Elara');
    if (ref === null) throw new Error('no ref');
    expect(attachMedia(doc, { kind: 'character', docId: 'd', characterId: 'c-1' }, ref)).toBe(true);
    expect(attachMedia(doc, { kind: 'character', docId: 'd', characterId: 'c-1' }, ref)).toBe(true);
    const character = characters.get('c-1');
    if (character === undefined) throw new Error('no character');
    expect(readPortrait(character)).toMatchObject({ jobId: 'j1', sha256: sha, width: 256, label: 'Elara', attribution: '“Lorelei” by Lisa Wischofsky' });
    expect(attachMedia(doc, { kind: 'character', docId: 'd', characterId: 'gone' }, ref)).toBe(false);
  });

  it('keeps one narration per job on the notes, newest first, and removes one', () => {
    const doc = new Y.Doc();
    const first = mediaRefOf(job('j1', 'audio/wav'), 'first');
    const second = mediaRefOf(job('j2', 'audio/wav'), 'second');
    if (first === null || second === null) throw new Error('no ref');
    attachMedia(doc, { kind: 'notes', docId: 'd' }, first);
    attachMedia(doc, { kind: 'notes', docId: 'd' }, second);
    attachMedia(doc, { kind: 'notes', docId: 'd' }, first);
    expect(readNarrations(doc).map((ref) => ref.jobId)).toEqual(['j2', 'j1']);
    removeNarration(doc, 'j2');
    expect(readNarrations(doc).map((ref) => ref.jobId)).toEqual(['j1']);
  });

  it('reads only well-formed references and never follows a stored URL', () => {
    expect(readMediaRef({ jobId: 'j', sha256: sha, mime: 'image/webp', bytes: 10, artifactUrl: 'https://evil.example/x.webp' })?.artifactUrl).toBe(
      `/v1/artifacts/${sha}.webp`,
    );
    for (const bad of [
      null,
      'text',
      [],
      { jobId: 'j', sha256: '../etc/passwd', mime: 'image/webp', bytes: 10 },
      { jobId: 'j', sha256: sha, mime: 'text/html', bytes: 10 },
      { jobId: 'j', sha256: sha, mime: 'audio/wav', bytes: -1 },
      { jobId: 7, sha256: sha, mime: 'audio/wav', bytes: 1 },
    ]) {
      expect(readMediaRef(bad)).toBeNull();
    }
    const doc = new Y.Doc();
    doc.getArray('narrations').push(['junk', { jobId: 'j', sha256: sha, mime: 'audio/wav', bytes: 5, label: 'x'.repeat(500) }]);
    const narrations = readNarrations(doc);
    expect(narrations).toHaveLength(1);
    expect(narrations[0]?.label).toHaveLength(200);
  });
});
