import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Campaign } from '@rpg-bot/contracts';
import { validators } from '@rpg-bot/contracts';
import type { ApiClient } from '../api';
import type { KeyValueStorage } from './session';

export interface DirectoryState {
  /** null until the first answer (server or device cache). */
  readonly campaigns: readonly Campaign[] | null;
  readonly loading: boolean;
  /** The last refresh's failure (e.g. an `offline` ApiError); the cached list stays usable. */
  readonly error: unknown;
  /** The list shown came from this device, not (yet) from the server. */
  readonly fromCache: boolean;
}

export interface CampaignDirectoryOptions {
  readonly api: Pick<ApiClient, 'listCampaigns'>;
  readonly storage: KeyValueStorage;
  readonly userId: string;
}

/**
 * The signed-in user's campaigns: fetched from the relay, remembered on the device (per user) so
 * the list and every campaign view open offline.
 */
export class CampaignDirectory {
  readonly #api: Pick<ApiClient, 'listCampaigns'>;
  readonly #storage: KeyValueStorage;
  readonly #key: string;
  readonly #listeners = new Set<() => void>();
  #state: DirectoryState;
  #inFlight: Promise<void> | null = null;

  constructor(options: CampaignDirectoryOptions) {
    this.#api = options.api;
    this.#storage = options.storage;
    this.#key = `rpg-bot.campaigns.${options.userId}`;
    const cached = this.#readCache();
    this.#state = { campaigns: cached, loading: false, error: null, fromCache: cached !== null };
  }

  snapshot = (): DirectoryState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  find(campaignId: string): Campaign | undefined {
    return this.#state.campaigns?.find((campaign) => campaign.id === campaignId);
  }

  /** Fetches the list; concurrent calls share one request. Never rejects (the error is in the state). */
  refresh(): Promise<void> {
    this.#inFlight ??= this.#load().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  /** Adds or replaces a campaign the server just returned (created, joined). */
  upsert(campaign: Campaign): void {
    const others = (this.#state.campaigns ?? []).filter((existing) => existing.id !== campaign.id);
    const campaigns = [campaign, ...others];
    this.#writeCache(campaigns);
    this.#set({ ...this.#state, campaigns });
  }

  async #load(): Promise<void> {
    this.#set({ ...this.#state, loading: true });
    try {
      const campaigns = await this.#api.listCampaigns();
      this.#writeCache(campaigns);
      this.#set({ campaigns, loading: false, error: null, fromCache: false });
    } catch (error) {
      this.#set({ ...this.#state, loading: false, error });
    }
  }

  #set(state: DirectoryState): void {
    this.#state = state;
    for (const listener of [...this.#listeners]) listener();
  }

  #readCache(): Campaign[] | null {
    try {
      const raw = this.#storage.getItem(this.#key);
      if (raw === null) return null;
      const parsed = validators.campaignList(JSON.parse(raw));
      return parsed.ok ? parsed.value.campaigns : null;
    } catch {
      return null;
    }
  }

  #writeCache(campaigns: readonly Campaign[]): void {
    try {
      this.#storage.setItem(this.#key, JSON.stringify({ campaigns }));
    } catch {
      // Storage full or disabled: the list still works for this visit.
    }
  }
}

export const CampaignDirectoryContext = createContext<CampaignDirectory | null>(null);

/** The signed-in user's campaign directory (inside the signed-in shell only). */
export function useCampaignDirectory(): CampaignDirectory {
  const directory = useContext(CampaignDirectoryContext);
  if (directory === null) throw new Error('useCampaignDirectory must be used inside the signed-in shell');
  return directory;
}

export function useDirectoryState(directory: CampaignDirectory): DirectoryState {
  return useSyncExternalStore(directory.subscribe, directory.snapshot);
}
