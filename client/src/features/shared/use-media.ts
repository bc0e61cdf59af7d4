import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import type { ArtifactRef, MediaEntry, MediaStore, PartyStore } from '../../data';
import { attachMedia, mediaRefOf, shareMedia } from './media-attachments';

/** The campaign's media library (device requests and server jobs), kept current; null while it loads. */
export function useMediaEntries(media: MediaStore, campaignId: string): readonly MediaEntry[] | null {
  const [entries, setEntries] = useState<{ readonly campaignId: string; readonly list: readonly MediaEntry[] } | null>(null);
  useEffect(() => {
    let active = true;
    let reading = Promise.resolve();
    const read = () => {
      reading = reading
        .then(() => media.entries(campaignId))
        .then((list) => {
          if (active) setEntries({ campaignId, list });
        })
        .catch((error: unknown) => {
          console.error('[rpg-bot media] library', error);
        });
    };
    const stop = media.onChange((changed) => {
      if (changed === campaignId) read();
    });
    read();
    media.refresh(campaignId).catch(() => undefined); // Offline or refused: the cached list stays.
    return () => {
      active = false;
      stop();
    };
  }, [media, campaignId]);
  return entries?.campaignId === campaignId ? entries.list : null;
}

export type ResultUrlState = { readonly status: 'loading' } | { readonly status: 'ready'; readonly url: string } | { readonly status: 'unavailable' };

/** An object URL for a result: the device's copy, or downloaded and kept; `unavailable` offline without a copy. */
export function useResultUrl(media: MediaStore, result: ArtifactRef | undefined): ResultUrlState {
  const [state, setState] = useState<{ readonly sha256: string; readonly url: string | null } | null>(null);
  const sha256 = result?.sha256;
  useEffect(() => {
    if (result === undefined) return undefined;
    let active = true;
    const load = () => {
      void media.resultUrl(result).then((url) => {
        if (active) setState({ sha256: result.sha256, url });
      });
    };
    load();
    // Unavailable offline: try again when the connection returns.
    window.addEventListener('online', load);
    return () => {
      active = false;
      window.removeEventListener('online', load);
    };
    // The result is identified by its hash; a new object with the same hash is the same result.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [media, sha256]);
  if (result === undefined || state === null || state.sha256 !== sha256) return { status: 'loading' };
  return state.url === null ? { status: 'unavailable' } : { status: 'ready', url: state.url };
}

/**
 * Writes this user's finished requests into the doc they were asked for (a portrait onto its
 * character, a narration onto the notes) while `doc` is open — now, or the next time it is opened
 * on this device if the result arrived while it was closed.
 */
export function useMediaAttachments(
  services: { readonly media: MediaStore; readonly party: PartyStore },
  campaignId: string,
  docId: string,
  doc: Y.Doc | null,
  canWrite: boolean,
): void {
  const { media, party } = services;
  useEffect(() => {
    if (doc === null || !canWrite) return undefined;
    let active = true;
    let running = Promise.resolve();
    const apply = () => {
      running = running
        .then(async () => {
          for (const { row, job } of await media.pendingAttachments(campaignId)) {
            if (!active) return;
            const attach = row.attach;
            if (attach?.docId !== docId) continue;
            const ref = mediaRefOf(job, row.label);
            if (ref === null || !(await media.claimAttachment(row))) continue;
            const attached = doc.transact(() => attachMedia(doc, attach, ref));
            if (attached) await shareMedia(party, campaignId, attach.kind === 'character' ? 'portrait' : 'narration', ref);
          }
        })
        .catch((error: unknown) => {
          console.error('[rpg-bot media] attach', error);
        });
    };
    const stop = media.onChange((changed) => {
      if (changed === campaignId) apply();
    });
    apply();
    return () => {
      active = false;
      stop();
    };
  }, [media, party, campaignId, docId, doc, canWrite]);
}
