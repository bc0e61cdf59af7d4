import type { Job } from '@rpg-bot/contracts';
import * as Y from 'yjs';
import type { MediaAttachment, PartyStore } from '../../data';
import { partyEventTypes } from '../../data';

/**
 * Finished media written into the shared doc, so every member sees it: a character's `portrait`
 * (a plain object on the character's map) and the notes' `narrations` (a `Y.Array` of plain
 * objects). Only references are stored — the bytes stay content-addressed on the server and in
 * each device's cache. Values come from other devices, so they are read through {@link readMediaRef}.
 */
export interface MediaRef {
  readonly jobId: string;
  readonly sha256: string;
  readonly mime: 'audio/wav' | 'image/webp';
  readonly artifactUrl: string;
  readonly bytes: number;
  /** What it shows or says: a character's name, an excerpt of the narrated text. */
  readonly label: string;
  /** Credit owed to the art's or voice's authors (CC-BY styles), shown with it. */
  readonly attribution?: string;
  readonly durationMs?: number;
  readonly width?: number;
  readonly height?: number;
}

const sha256Pattern = /^[0-9a-f]{64}$/;

/** The reference a finished job leaves; null when it has no result. */
export function mediaRefOf(job: Job, label: string): MediaRef | null {
  const result = job.result;
  if (result === undefined) return null;
  const meta = result.meta;
  return {
    jobId: job.id,
    sha256: result.sha256,
    mime: result.mime,
    artifactUrl: result.artifactUrl,
    bytes: result.bytes,
    label: label.slice(0, 200),
    ...(meta.licence.attribution === undefined ? {} : { attribution: meta.licence.attribution }),
    ...(meta.durationMs === undefined ? {} : { durationMs: meta.durationMs }),
    ...(meta.width === undefined ? {} : { width: meta.width }),
    ...(meta.height === undefined ? {} : { height: meta.height }),
  };
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A reference read from the doc, or null when the value is not one (an older or hostile client wrote it). */
export function readMediaRef(value: unknown): MediaRef | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Readonly<Record<string, unknown>>;
  const { jobId, sha256, mime, bytes, label, attribution } = record;
  if (typeof jobId !== 'string' || typeof sha256 !== 'string' || !sha256Pattern.test(sha256)) return null;
  if (mime !== 'audio/wav' && mime !== 'image/webp') return null;
  const size = positive(bytes);
  if (size === undefined) return null;
  const durationMs = positive(record.durationMs);
  const width = positive(record.width);
  const height = positive(record.height);
  return {
    jobId,
    sha256,
    mime,
    // Rebuilt from the hash: a stored URL is never followed, so a doc cannot point the app elsewhere.
    artifactUrl: `/v1/artifacts/${sha256}.${mime === 'audio/wav' ? 'wav' : 'webp'}`,
    bytes: size,
    label: typeof label === 'string' ? label.slice(0, 200) : '',
    ...(typeof attribution === 'string' ? { attribution: attribution.slice(0, 500) } : {}),
    ...(durationMs === undefined ? {} : { durationMs }),
    ...(width === undefined ? {} : { width }),
    ...(height === undefined ? {} : { height }),
  };
}

/** The `narrations` list of a notes doc. */
export function narrationsOf(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>('narrations');
}

/** The narrations attached to a notes doc, newest first, readable ones only. */
export function readNarrations(doc: Y.Doc): MediaRef[] {
  return narrationsOf(doc)
    .toArray()
    .map(readMediaRef)
    .filter((ref): ref is MediaRef => ref !== null)
    .reverse();
}

/** A character's portrait, or null. */
export function readPortrait(character: Y.Map<unknown>): MediaRef | null {
  return readMediaRef(character.get('portrait'));
}

/**
 * Writes a finished job into the doc it was asked for. Returns false when the target is gone (the
 * character was deleted): the result stays in the media library. Writing twice is harmless.
 */
export function attachMedia(doc: Y.Doc, attach: MediaAttachment, ref: MediaRef): boolean {
  if (attach.kind === 'character') {
    const character = doc.getMap<unknown>('characters').get(attach.characterId);
    if (!(character instanceof Y.Map)) return false;
    if (readPortrait(character)?.jobId === ref.jobId) return true;
    character.set('portrait', { ...ref });
    return true;
  }
  const narrations = narrationsOf(doc);
  if (narrations.toArray().some((value) => readMediaRef(value)?.jobId === ref.jobId)) return true;
  narrations.push([{ ...ref }]);
  return true;
}

/** Removes a narration from the notes (the artifact stays in the library). */
export function removeNarration(doc: Y.Doc, jobId: string): void {
  const narrations = narrationsOf(doc);
  const index = narrations.toArray().findIndex((value) => readMediaRef(value)?.jobId === jobId);
  if (index !== -1) narrations.delete(index, 1);
}

/**
 * Posts a finished result to the party feed (`media-shared.v1`): through the feed's outbox, so it
 * is sent when the device is online. Errors are reported, never thrown: the result stays attached.
 */
export async function shareMedia(party: PartyStore, campaignId: string, kind: 'portrait' | 'image' | 'narration', ref: MediaRef): Promise<void> {
  const feed = party.open(campaignId);
  try {
    await feed.whenLoaded;
    await feed.publish(partyEventTypes.mediaShared, {
      kind,
      jobId: ref.jobId,
      sha256: ref.sha256,
      mime: ref.mime,
      bytes: ref.bytes,
      title: ref.label.trim() === '' ? kind : ref.label.slice(0, 200),
      ...(ref.width === undefined ? {} : { width: Math.round(ref.width) }),
      ...(ref.height === undefined ? {} : { height: Math.round(ref.height) }),
      ...(ref.durationMs === undefined ? {} : { durationMs: Math.round(ref.durationMs) }),
      ...(ref.attribution === undefined ? {} : { attribution: ref.attribution.slice(0, 500) }),
    });
  } catch (error) {
    console.error('[rpg-bot media] share', error);
  } finally {
    feed.release();
  }
}
