import type { Campaign } from '@rpg-bot/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { CampaignDirectory } from './campaign-directory';
import type { KeyValueStorage } from './session';

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const campaign = (id: string, title: string): Campaign => ({
  id,
  title,
  role: 'player',
  createdAt: '2026-11-24T10:00:00.000Z',
  docs: { shared: `${id}-shared`, private: `${id}-private` },
});

describe('CampaignDirectory', () => {
  it('remembers the list per user so it opens offline', async () => {
    const storage = new MemoryStorage();
    const online = new CampaignDirectory({ api: { listCampaigns: () => Promise.resolve([campaign('c1', 'One')]) }, storage, userId: 'u1' });
    expect(online.snapshot().campaigns).toBeNull();
    await online.refresh();
    expect(online.snapshot()).toMatchObject({ campaigns: [{ id: 'c1' }], fromCache: false, error: null });

    const offline = new CampaignDirectory({
      api: { listCampaigns: () => Promise.reject(new ApiError('offline', 'x')) },
      storage,
      userId: 'u1',
    });
    expect(offline.snapshot()).toMatchObject({ campaigns: [{ id: 'c1' }], fromCache: true });
    await offline.refresh();
    expect(offline.snapshot().campaigns).toEqual([campaign('c1', 'One')]);
    expect(offline.snapshot().error).toMatchObject({ code: 'offline' });
    expect(offline.find('c1')?.title).toBe('One');

    const otherUser = new CampaignDirectory({ api: { listCampaigns: () => Promise.resolve([]) }, storage, userId: 'u2' });
    expect(otherUser.snapshot().campaigns).toBeNull();
  });

  it('puts a created or joined campaign first, replacing an older copy', () => {
    const storage = new MemoryStorage();
    const directory = new CampaignDirectory({ api: { listCampaigns: () => Promise.resolve([]) }, storage, userId: 'u1' });
    let notified = 0;
    directory.subscribe(() => {
      notified += 1;
    });
    directory.upsert(campaign('c1', 'One'));
    directory.upsert(campaign('c2', 'Two'));
    directory.upsert(campaign('c1', 'One, renamed'));
    expect(directory.snapshot().campaigns?.map((c) => c.title)).toEqual(['One, renamed', 'Two']);
    expect(notified).toBe(3);
  });

  it('ignores a corrupt cache', () => {
    const storage = new MemoryStorage();
    storage.setItem('rpg-bot.campaigns.u1', '{"campaigns":[{"id":1}]}');
    const directory = new CampaignDirectory({ api: { listCampaigns: () => Promise.resolve([]) }, storage, userId: 'u1' });
    expect(directory.snapshot().campaigns).toBeNull();
  });
});
