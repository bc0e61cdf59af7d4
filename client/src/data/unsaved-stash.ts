import { fromBase64, toBase64 } from 'lib0/buffer';
import { reportError } from './environment';
import type { UnsavedStash } from './types';

/** Keeps the stash in memory: tests, and environments without Web Storage. */
export class InMemoryStash implements UnsavedStash {
  readonly #entries = new Map<string, Uint8Array[]>();

  save(docId: string, updates: readonly Uint8Array[]): void {
    if (updates.length === 0) this.#entries.delete(docId);
    else this.#entries.set(docId, updates.map((update) => update.slice()));
  }

  take(docId: string): Uint8Array[] {
    const updates = this.#entries.get(docId) ?? [];
    this.#entries.delete(docId);
    return updates;
  }
}

const PREFIX = 'rpg-bot.unsaved.';

/**
 * Keeps the stash in Web Storage (`localStorage`: synchronous, so it works in `pagehide`), one key
 * per doc holding a JSON array of base64 updates. A full or unavailable storage loses only the
 * stash, never what IndexedDB already has; an unreadable entry is dropped.
 */
export class WebStorageStash implements UnsavedStash {
  readonly #storage: Storage;
  readonly #onError: (error: unknown, context: string) => void;

  constructor(storage: Storage, onError: (error: unknown, context: string) => void = reportError) {
    this.#storage = storage;
    this.#onError = onError;
  }

  save(docId: string, updates: readonly Uint8Array[]): void {
    try {
      if (updates.length === 0) this.#storage.removeItem(PREFIX + docId);
      else this.#storage.setItem(PREFIX + docId, JSON.stringify(updates.map((update) => toBase64(update))));
    } catch (error) {
      this.#onError(error, `stashing ${String(updates.length)} unsaved update(s) of ${docId}`);
    }
  }

  take(docId: string): Uint8Array[] {
    let raw: string | null;
    try {
      raw = this.#storage.getItem(PREFIX + docId);
      this.#storage.removeItem(PREFIX + docId);
    } catch (error) {
      this.#onError(error, `reading the stash of ${docId}`);
      return [];
    }
    if (raw === null) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === 'string')) throw new Error('not an array of strings');
      return parsed.map((text) => fromBase64(text));
    } catch (error) {
      this.#onError(error, `dropping an unreadable stash of ${docId}`);
      return [];
    }
  }
}
