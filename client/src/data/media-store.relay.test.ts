// Integration: MediaStore against the real relay and jobs service (offline providers), in-process,
// with IndexedDB from fake-indexeddb: requests survive offline and lost answers, one job each.
import type { Campaign, Job } from '@rpg-bot/contracts';
import { validators } from '@rpg-bot/contracts';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../api';
import type { FetchLike } from '../api';
import { LocalDb } from './local-db';
import type { MediaEntry } from './media-store';
import { MediaStore } from './media-store';
import { bootRelay, testBackends } from './relay-harness.test-support';
import type { RelayHarness, TestUser } from './relay-harness.test-support';

const eventually = <T>(check: () => Promise<T> | T) => vi.waitFor(check, { timeout: 20_000, interval: 50 });
let dbCounter = 0;

describe.each(testBackends('client/data media'))('MediaStore against the jobs service on $name', (backend) => {
  let relay: RelayHarness;
  let gm: TestUser;
  let viewer: TestUser;
  let campaign: Campaign;
  const open: { store: MediaStore; db: LocalDb }[] = [];

  const api = (user: TestUser, fetchImpl?: FetchLike) =>
    new ApiClient({ baseUrl: relay.stack.url, getToken: () => Promise.resolve(user.token), ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }) });
  const newDb = () => {
    dbCounter += 1;
    return new LocalDb(`media-relay-test-${backend.name}-${String(dbCounter)}`, { indexedDB, IDBKeyRange });
  };
  const makeStore = (user: TestUser, db: LocalDb, fetchImpl?: FetchLike) => {
    const store = new MediaStore({ db, api: api(user, fetchImpl), userId: user.id, pollMs: 100, onError: () => undefined });
    open.push({ store, db });
    return store;
  };
  const serverJobs = async (campaignId: string): Promise<Job[]> => {
    const answer = await relay.call('GET', `/v1/jobs?campaignId=${campaignId}`, { token: gm.token });
    const list = validators.jobList(answer.json);
    if (!list.ok) throw new Error(`unexpected job list ${JSON.stringify(answer.json)}`);
    return list.value.jobs;
  };
  const entryOf = async (store: MediaStore, campaignId: string, label: string): Promise<MediaEntry> => {
    const found = (await store.entries(campaignId)).find((entry) => entry.label === label);
    if (found === undefined) throw new Error(`no entry ${label}`);
    return found;
  };

  beforeAll(async () => {
    relay = await bootRelay(backend, {}, { withJobs: true });
    gm = await relay.signIn('Gwen the GM');
    viewer = await relay.signIn('Vik the viewer');
  });
  afterEach(() => {
    for (const { store, db } of open.splice(0)) {
      store.destroy();
      db.close();
    }
  });
  afterAll(async () => {
    await relay.close();
  });

  it('keeps a request made offline on the device, sends it once online, and keeps the result for offline use', async () => {
    campaign = await relay.createCampaign(gm, 'Media offline');
    const db = newDb();
    const store = makeStore(gm, db);
    store.setOnline(false);
    const row = await store.ask(campaign.id, { type: 'avatar', payload: { seed: 'Elara', size: 128 } }, { label: 'Elara' });
    expect(row.request.clientToken).toBe(row.clientToken);
    expect((await entryOf(store, campaign.id, 'Elara')).status).toBe('device');
    expect(await serverJobs(campaign.id)).toEqual([]);

    // A reload while offline: the request is read back from IndexedDB by a new store.
    store.destroy();
    const again = makeStore(gm, db);
    again.setOnline(false);
    expect((await entryOf(again, campaign.id, 'Elara')).status).toBe('device');

    again.setOnline(true);
    const done = await eventually(async () => {
      const entry = await entryOf(again, campaign.id, 'Elara');
      expect(entry.status).toBe('succeeded');
      expect(entry.job?.result).toBeDefined();
      return entry;
    });
    const result = done.job?.result;
    if (result === undefined) throw new Error('no result');
    await eventually(async () => {
      expect(await again.hasResult(result)).toBe(true);
    });
    const jobs = await serverJobs(campaign.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.id).toBe(done.job?.id);

    // Offline, the kept bytes are served from the device: a WebP of the asked size.
    again.setOnline(false);
    const stored = await db.mediaArtifacts.get(result.sha256);
    expect(stored?.bytes.byteLength).toBe(result.bytes);
    expect(new TextDecoder().decode(stored?.bytes.slice(8, 12))).toBe('WEBP');
    const url = await again.resultUrl(result);
    expect(url).toMatch(/^blob:/);

    // Flushing again (a reconnect, another tab) sends nothing new.
    again.setOnline(true);
    again.flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await serverJobs(campaign.id)).toHaveLength(1);
  });

  it('re-sends with the same client token when the answer was lost, so the server makes one job', async () => {
    campaign = await relay.createCampaign(gm, 'Media lost answers');
    let losses = 2;
    // The request reaches the server, the answer never reaches the device (a dropped connection).
    const lossy: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (init.method === 'POST' && losses > 0) {
        losses -= 1;
        throw new TypeError('network connection lost');
      }
      return response;
    };
    const store = makeStore(gm, newDb(), lossy);
    await store.ask(campaign.id, { type: 'tts', payload: { text: 'The torches gutter.', language: 'en' } }, { label: 'torches' });
    await eventually(async () => {
      expect((await entryOf(store, campaign.id, 'torches')).status).toBe('succeeded');
    });
    expect(losses).toBe(0);
    const jobs = await serverJobs(campaign.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.result?.mime).toBe('audio/wav');
  });

  it('two tabs flushing the same requests at once make one job each', async () => {
    campaign = await relay.createCampaign(gm, 'Media two tabs');
    const db = newDb();
    const first = makeStore(gm, db);
    first.setOnline(false);
    for (const name of ['Ash', 'Birch', 'Cedar']) await first.ask(campaign.id, { type: 'avatar', payload: { seed: name } }, { label: name });
    const second = makeStore(gm, db);
    second.setOnline(false);
    first.setOnline(true);
    second.setOnline(true);
    await eventually(async () => {
      const entries = await first.entries(campaign.id);
      expect(entries.map((entry) => entry.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    });
    expect((await serverJobs(campaign.id)).map((job) => job.payload.seed).sort()).toEqual(['Ash', 'Birch', 'Cedar']);
  });

  it('marks a request the server refuses as refused and does not send it again', async () => {
    campaign = await relay.createCampaign(gm, 'Media refused');
    await relay.join(gm, campaign, viewer, 'viewer');
    let posts = 0;
    const counting: FetchLike = (input, init) => {
      if (init.method === 'POST') posts += 1;
      return fetch(input, init);
    };
    const store = makeStore(viewer, newDb(), counting);
    await store.ask(campaign.id, { type: 'avatar', payload: { seed: 'Nope' } }, { label: 'Nope' });
    const refused = await eventually(async () => {
      const entry = await entryOf(store, campaign.id, 'Nope');
      expect(entry.status).toBe('refused');
      return entry;
    });
    expect(refused.refusedCode).toBe('forbidden');
    store.flush();
    store.setOnline(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(posts).toBe(1);
    expect(await serverJobs(campaign.id)).toEqual([]);
  });

  it('another account on the same device never sends this user’s requests', async () => {
    campaign = await relay.createCampaign(gm, 'Media accounts');
    const db = newDb();
    const mine = makeStore(gm, db);
    mine.setOnline(false);
    await mine.ask(campaign.id, { type: 'avatar', payload: { seed: 'Private' } }, { label: 'Private' });
    mine.destroy();
    const other = makeStore(viewer, db);
    other.flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await serverJobs(campaign.id)).toEqual([]);
  });
});
