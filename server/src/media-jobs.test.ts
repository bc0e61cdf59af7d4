// Media jobs end to end, as `npm start` composes them (relay for sign-in and campaigns, jobs for
// the queue and providers), over real HTTP on port 0, on PGlite and on a real PostgreSQL server.
// The providers are `@rpg-bot/provider-fixtures`: the real local renderers (and a tone TTS) with
// failures scripted by markers in the request text.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@rpg-bot/config';
import { validators } from '@rpg-bot/contracts';
import type { Job, JobEvent } from '@rpg-bot/contracts';
import { createJobsModule } from '@rpg-bot/jobs';
import type { JobsModuleOptions } from '@rpg-bot/jobs';
import { relayModule } from '@rpg-bot/relay';
import { bootStack } from '@rpg-bot/runtime';
import type { RunningStack } from '@rpg-bot/runtime';
import { stackTestBackends } from '@rpg-bot/runtime/testing';
import { parseWav } from '@rpg-bot/spi';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
  readonly bytes: Uint8Array;
}

const backends = stackTestBackends('server/media-jobs.test');

async function bootMedia(
  setup: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>,
  overrides: Record<string, string> = {},
  jobsOptions: JobsModuleOptions = {},
) {
  const { env, cleanup } = await setup();
  const dataDir = await mkdtemp(join(tmpdir(), 'rpgbot-media-test-'));
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_ENABLED: '0',
    AUTH_DEV_LOGIN: '1',
    TTS_PROVIDER: 'fixtures',
    IMAGE_PROVIDER: 'fixtures',
    AVATAR_PROVIDER: 'fixtures',
    JOBS_PROVIDER_TIMEOUT_MS: '1500',
    ...env,
    ...overrides,
  });
  const jobs = createJobsModule({ retry: { baseDelayMs: 10, maxDelayMs: 40 }, heartbeatSeconds: 1, ...jobsOptions });
  const stack: RunningStack = await bootStack({ config, modules: [relayModule, jobs], version: 'test' });
  const call = async (method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(path, stack.url), { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      bytes,
      json: type.includes('json') && bytes.length > 0 ? JSON.parse(new TextDecoder().decode(bytes)) : undefined,
    };
  };
  return {
    stack,
    call,
    async close() {
      await stack.close();
      await cleanup();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

type Media = Awaited<ReturnType<typeof bootMedia>>;

const errorCode = (reply: Reply): string | undefined => (reply.json as { error?: { code?: string } } | undefined)?.error?.code;

async function signIn(media: Media, name: string) {
  const reply = await media.call('POST', '/v1/auth/dev', { body: { name } });
  const session = validators.session(reply.json);
  if (!session.ok) throw new Error(`sign-in failed: ${reply.status}`);
  return { id: session.value.user.id, token: session.value.token };
}

async function campaignWith(media: Media) {
  const gm = await signIn(media, 'GM');
  const created = await media.call('POST', '/v1/campaigns', { token: gm.token, body: { title: 'Curse of the Hollow Crown' } });
  const campaignId = (created.json as { id: string }).id;
  const join = async (name: string, role: 'player' | 'viewer') => {
    const member = await signIn(media, name);
    const invite = await media.call('POST', `/v1/campaigns/${campaignId}/invites`, { token: gm.token, body: { role } });
    const code = (invite.json as { code: string }).code;
    const accepted = await media.call('POST', `/v1/invites/${code}/accept`, { token: member.token });
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
    return member;
  };
  return { gm, campaignId, player: await join('Player', 'player'), viewer: await join('Viewer', 'viewer'), outsider: await signIn(media, 'Outsider') };
}

async function waitFor(
  media: Media,
  token: string,
  jobId: string,
  done: (job: Job) => boolean = (job) => ['succeeded', 'failed', 'cancelled'].includes(job.status),
): Promise<Job> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const reply = await media.call('GET', `/v1/jobs/${jobId}`, { token });
    const job = validators.job(reply.json);
    if (!job.ok) throw new Error(`GET /v1/jobs/${jobId}: ${reply.status} ${JSON.stringify(reply.json)}`);
    if (done(job.value)) return job.value;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.value.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads the job's event stream until it ends (the job finished) and returns its events. */
async function readEvents(media: Media, token: string, jobId: string, lastEventId?: number): Promise<{ ids: string[]; events: JobEvent[] }> {
  const response = await fetch(new URL(`/v1/jobs/${jobId}/events`, media.stack.url), {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }) },
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const text = await response.text();
  const ids: string[] = [];
  const events: JobEvent[] = [];
  for (const block of text.split('\n\n')) {
    const id = /^id: ?(.*)$/m.exec(block)?.[1];
    const data = /^data: ?(.*)$/m.exec(block)?.[1];
    if (id === undefined || data === undefined) continue;
    const event = validators.jobEvent(JSON.parse(data));
    if (!event.ok) throw new Error(`bad event ${data}`);
    ids.push(id);
    events.push(event.value);
  }
  return { ids, events };
}

const token = () => randomUUID();

describe.each(backends)('media jobs on $name', (backend) => {
  let media: Media;
  let people: Awaited<ReturnType<typeof campaignWith>>;
  beforeAll(async () => {
    media = await bootMedia(backend.setup);
    people = await campaignWith(media);
  });
  afterAll(async () => {
    await media.close();
  });

  const submit = (who: { token: string }, body: Record<string, unknown>) =>
    media.call('POST', '/v1/jobs', { token: who.token, body: { campaignId: people.campaignId, clientToken: token(), ...body } });

  it('renders a portrait once for a request sent three times, serves it to members only, as an immutable WebP of the asked size', async () => {
    const clientToken = token();
    const body = { type: 'avatar', clientToken, campaignId: people.campaignId, payload: { seed: 'Elara Moonwhisper', size: 192 } };
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await media.call('POST', '/v1/jobs', { token: people.player.token, body }));
    expect(replies.map((r) => r.status)).toEqual([202, 202, 202]);
    const ids = new Set(replies.map((r) => (r.json as { jobId: string }).jobId));
    expect(ids.size).toBe(1);
    expect(replies[1]?.headers.get('idempotent-replayed')).toBe('true');
    const [jobId = ''] = [...ids];
    const job = await waitFor(media, people.player.token, jobId);
    expect(job.status).toBe('succeeded');
    expect(job.attempts).toBe(1);
    expect(job.result?.mime).toBe('image/webp');
    expect(job.result?.meta.licence.name.length).toBeGreaterThan(0);
    const url = job.result?.artifactUrl ?? '';
    const art = await media.call('GET', url, { token: people.viewer.token });
    expect(art.status).toBe(200);
    expect(art.headers.get('content-type')).toBe('image/webp');
    expect(art.headers.get('etag')).toBe(`"${job.result?.sha256}"`);
    expect(art.headers.get('cache-control')).toContain('immutable');
    const decoded = await sharp(art.bytes).metadata();
    expect([decoded.format, decoded.width, decoded.height]).toEqual(['webp', 192, 192]);
    // Revalidation costs nothing; an outsider who knows the hash gets the same 404 as for no artifact.
    expect((await media.call('GET', url, { token: people.viewer.token, headers: { 'if-none-match': `"${job.result?.sha256}"` } })).status).toBe(304);
    expect((await media.call('GET', url, { token: people.outsider.token })).status).toBe(404);
    expect((await media.call('GET', url.replace('.webp', '.wav'), { token: people.gm.token })).status).toBe(404);
    expect((await media.call('GET', `/v1/artifacts/${'0'.repeat(64)}.webp`, { token: people.gm.token })).status).toBe(404);
    expect((await media.call('GET', url)).status).toBe(401);
    // A repeat after it finished still answers the same job, now succeeded.
    const again = await media.call('POST', '/v1/jobs', { token: people.player.token, body });
    expect(again.json).toEqual({ jobId, status: 'succeeded' });
    // Another job with the same output is another job but the same artifact.
    const twin = await submit(people.gm, { type: 'avatar', payload: { seed: 'Elara Moonwhisper', size: 192 } });
    const twinJob = await waitFor(media, people.gm.token, (twin.json as { jobId: string }).jobId);
    expect(twinJob.result?.sha256).toBe(job.result?.sha256);
  });

  it('refuses the same client token with another request (409) and makes one job of concurrent duplicates', async () => {
    const clientToken = token();
    const first = await media.call('POST', '/v1/jobs', {
      token: people.gm.token,
      body: { type: 'avatar', clientToken, campaignId: people.campaignId, payload: { seed: 'Borin' } },
    });
    expect(first.status).toBe(202);
    const other = await media.call('POST', '/v1/jobs', {
      token: people.gm.token,
      body: { type: 'avatar', clientToken, campaignId: people.campaignId, payload: { seed: 'Not Borin' } },
    });
    expect(other.status).toBe(409);
    expect(errorCode(other)).toBe('idempotency_conflict');
    // Key order does not make a request different.
    const reordered = await media.call('POST', '/v1/jobs', {
      token: people.gm.token,
      body: { payload: { seed: 'Borin' }, campaignId: people.campaignId, clientToken, type: 'avatar' },
    });
    expect(reordered.status).toBe(202);
    // Another user's identical token is another job.
    const theirs = await media.call('POST', '/v1/jobs', {
      token: people.player.token,
      body: { type: 'avatar', clientToken, campaignId: people.campaignId, payload: { seed: 'Borin' } },
    });
    expect((theirs.json as { jobId: string }).jobId).not.toBe((first.json as { jobId: string }).jobId);

    const raceToken = token();
    const race = await Promise.all(
      Array.from({ length: 6 }, () =>
        media.call('POST', '/v1/jobs', {
          token: people.gm.token,
          body: { type: 'img', clientToken: raceToken, campaignId: people.campaignId, payload: { prompt: 'A lighthouse in a storm', size: '512x512' } },
        }),
      ),
    );
    expect(race.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 202]);
    expect(new Set(race.map((r) => (r.json as { jobId: string }).jobId)).size).toBe(1);
    const list = await media.call('GET', `/v1/jobs?campaignId=${people.campaignId}&type=img&limit=100`, { token: people.gm.token });
    const jobs = (list.json as { jobs: Job[] }).jobs.filter((j) => j.payload.prompt === 'A lighthouse in a storm');
    expect(jobs).toHaveLength(1);
  });

  it('checks requests: schema, campaign roles, provider voices and styles', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ type: 'video', payload: {} }, 400, 'validation_failed'],
      [{ type: 'tts', payload: { text: 'x'.repeat(5001), language: 'en' } }, 400, 'validation_failed'],
      [{ type: 'tts', payload: { text: '   ', language: 'en' } }, 400, 'validation_failed'],
      [{ type: 'tts', payload: { text: 'Hello', language: 'de' } }, 400, 'validation_failed'],
      [{ type: 'tts', payload: { text: 'Hello', language: 'en', voice: 'tone-ru' } }, 400, 'validation_failed'],
      [{ type: 'img', payload: { prompt: 'A keep', size: '100x100' } }, 400, 'validation_failed'],
      [{ type: 'img', payload: { prompt: 'A keep', style: 'no-such-style' } }, 400, 'validation_failed'],
      [{ type: 'avatar', payload: { seed: 'A', size: 4096 } }, 400, 'validation_failed'],
      [{ type: 'avatar', payload: { seed: 'A', extra: 1 } }, 400, 'validation_failed'],
      [{ type: 'avatar', clientToken: 'short', payload: { seed: 'A' } }, 400, 'validation_failed'],
      [{ type: 'avatar', campaignId: randomUUID(), payload: { seed: 'A' } }, 404, 'not_found'],
    ];
    for (const [body, status, code] of cases) {
      const reply = await submit(people.player, body);
      expect([reply.status, errorCode(reply)], JSON.stringify(body)).toEqual([status, code]);
    }
    const viewer = await submit(people.viewer, { type: 'avatar', payload: { seed: 'A' } });
    expect([viewer.status, errorCode(viewer)]).toEqual([403, 'forbidden']);
    const outsider = await submit(people.outsider, { type: 'avatar', payload: { seed: 'A' } });
    expect([outsider.status, errorCode(outsider)]).toEqual([404, 'not_found']);
    const notJson = await media.call('POST', '/v1/jobs', { token: people.gm.token, headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(415);
    expect((await media.call('GET', '/v1/jobs/not-a-uuid', { token: people.gm.token })).status).toBe(404);
    expect((await media.call('GET', `/v1/jobs?campaignId=${people.campaignId}&limit=0`, { token: people.gm.token })).status).toBe(400);
    expect((await media.call('GET', `/v1/jobs?campaignId=${people.campaignId}&cursor=garbage`, { token: people.gm.token })).status).toBe(400);
    const providers = await media.call('GET', '/v1/media/providers', { token: people.viewer.token });
    expect(validators.mediaProviders(providers.json).ok).toBe(true);
  });

  it('narrates into a WAV served with ranges, and streams the job’s events resumably', async () => {
    const reply = await submit(people.gm, { type: 'tts', payload: { text: 'The bridge groans under your weight.', language: 'en' } });
    const jobId = (reply.json as { jobId: string }).jobId;
    const { ids, events } = await readEvents(media, people.gm.token, jobId);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['queued', 'running', 'succeeded']));
    expect(ids.map(Number)).toEqual(events.map((e) => e.seq));
    expect(events.at(-1)?.job.status).toBe('succeeded');
    // Resuming after the first event replays only what came after it.
    const resumed = await readEvents(media, people.gm.token, jobId, 1);
    expect(resumed.events.map((e) => e.seq)).toEqual(events.slice(1).map((e) => e.seq));
    expect((await media.call('GET', `/v1/jobs/${jobId}/events`, { token: people.gm.token, headers: { 'last-event-id': 'x' } })).status).toBe(400);
    // Resuming after the final event ends at once instead of waiting for events that never come.
    const ended = await readEvents(media, people.gm.token, jobId, events.at(-1)?.seq ?? 0);
    expect(ended.events).toEqual([]);

    const job = await waitFor(media, people.gm.token, jobId);
    const url = job.result?.artifactUrl ?? '';
    const whole = await media.call('GET', url, { token: people.player.token });
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    const wav = parseWav(whole.bytes);
    expect(wav.durationMs).toBeCloseTo(job.result?.meta.durationMs ?? 0, 0);
    const head = await media.call('GET', url, { token: people.player.token, headers: { range: 'bytes=0-43' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 0-43/${whole.bytes.length}`);
    expect([...head.bytes]).toEqual([...whole.bytes.subarray(0, 44)]);
    const tail = await media.call('GET', url, { token: people.player.token, headers: { range: 'bytes=-10' } });
    expect([...tail.bytes]).toEqual([...whole.bytes.subarray(whole.bytes.length - 10)]);
    const beyond = await media.call('GET', url, { token: people.player.token, headers: { range: `bytes=${whole.bytes.length}-` } });
    expect(beyond.status).toBe(416);
  });

  it('retries failures with backoff, fails for good with the last error kept, and does not retry a refusal', async () => {
    // The fixture provider counts calls per text in this process: the text names the backend.
    const on = backend.name;
    const flaky = await submit(people.gm, { type: 'img', payload: { prompt: `A mill by the river on ${on} [fail:2]`, size: '512x512' } });
    const recovered = await waitFor(media, people.gm.token, (flaky.json as { jobId: string }).jobId);
    expect([recovered.status, recovered.attempts]).toEqual(['succeeded', 3]);
    expect(recovered.error).toBeUndefined();

    const broken = await submit(people.gm, { type: 'img', payload: { prompt: `A tower that never renders on ${on} [fail:99]`, size: '512x512' } });
    const dead = await waitFor(media, people.gm.token, (broken.json as { jobId: string }).jobId);
    expect([dead.status, dead.attempts, dead.error?.code]).toEqual(['failed', 3, 'provider_failed']);
    expect(dead.error?.message).toContain('Scripted failure 3');

    const refused = await submit(people.gm, { type: 'avatar', payload: { seed: 'Something forbidden [refuse]' } });
    const refusedJob = await waitFor(media, people.gm.token, (refused.json as { jobId: string }).jobId);
    expect([refusedJob.status, refusedJob.attempts, refusedJob.error?.code]).toEqual(['failed', 1, 'provider_refused']);

    const busy = await submit(people.gm, { type: 'avatar', payload: { seed: `Busy on ${on} [unavailable:1:30]` } });
    const busyJob = await waitFor(media, people.gm.token, (busy.json as { jobId: string }).jobId);
    expect([busyJob.status, busyJob.attempts]).toEqual(['succeeded', 2]);

    const usage = await media.call('GET', `/v1/campaigns/${people.campaignId}/usage`, { token: people.viewer.token });
    const body = validators.campaignUsage(usage.json);
    expect(body.ok).toBe(true);
    const rows = body.ok ? body.value.providers : [];
    expect(rows.find((r) => r.type === 'img')?.failed).toBeGreaterThanOrEqual(1);
    expect(rows.find((r) => r.type === 'avatar')?.jobs).toBeGreaterThanOrEqual(1);
    expect((await media.call('GET', `/v1/campaigns/${people.campaignId}/usage`, { token: people.outsider.token })).status).toBe(404);
  });

  it('times out a provider call that hangs, and cancels a running job', async () => {
    const hung = await submit(people.gm, { type: 'avatar', payload: { seed: 'Hangs forever [hang]' } });
    const timedOut = await waitFor(media, people.gm.token, (hung.json as { jobId: string }).jobId);
    expect([timedOut.status, timedOut.attempts, timedOut.error?.code]).toEqual(['failed', 3, 'provider_timeout']);

    const slow = await submit(people.player, { type: 'avatar', payload: { seed: 'Slow to draw [slow:1000]' } });
    const jobId = (slow.json as { jobId: string }).jobId;
    await waitFor(media, people.player.token, jobId, (job) => job.status === 'running');
    expect((await media.call('DELETE', `/v1/jobs/${jobId}`, { token: people.viewer.token })).status).toBe(403);
    const cancel = await media.call('DELETE', `/v1/jobs/${jobId}`, { token: people.player.token });
    expect(cancel.status, JSON.stringify(cancel.json)).toBe(200);
    expect((cancel.json as Job).status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const after = await waitFor(media, people.player.token, jobId);
    expect([after.status, after.result]).toEqual(['cancelled', undefined]);
    const again = await media.call('DELETE', `/v1/jobs/${jobId}`, { token: people.gm.token });
    expect([again.status, errorCode(again)]).toEqual([409, 'job_finished']);
  });
});

describe.each(backends)('media back-pressure on $name', (backend) => {
  let media: Media;
  let people: Awaited<ReturnType<typeof campaignWith>>;
  beforeAll(async () => {
    // No workers: jobs stay queued, so the queue fills.
    media = await bootMedia(backend.setup, { JOBS_CONCURRENCY: '0', JOBS_MAX_QUEUED_PER_USER: '2', JOBS_MAX_QUEUED: '3' }, { maxStreamsPerUser: 2 });
    people = await campaignWith(media);
  });
  afterAll(async () => {
    await media.close();
  });

  it('answers 429 queue_full with Retry-After past the per-user and total depth, still answers retries, and frees room on cancel', async () => {
    const send = (who: { token: string }, clientToken: string) =>
      media.call('POST', '/v1/jobs', {
        token: who.token,
        body: { type: 'avatar', clientToken, campaignId: people.campaignId, payload: { seed: clientToken } },
      });
    const [a, b, c] = [token(), token(), token()];
    expect((await send(people.gm, a)).status).toBe(202);
    expect((await send(people.gm, b)).status).toBe(202);
    const full = await send(people.gm, c);
    expect([full.status, errorCode(full)]).toEqual([429, 'queue_full']);
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // A retry of an accepted request is not refused: it adds no work.
    expect((await send(people.gm, a)).status).toBe(202);
    // The total depth counts everyone.
    expect((await send(people.player, token())).status).toBe(202);
    const total = await send(people.player, token());
    expect([total.status, errorCode(total)]).toEqual([429, 'queue_full']);
    // Cancelling a queued job makes room.
    const queued = (await media.call('GET', `/v1/jobs?campaignId=${people.campaignId}&status=queued`, { token: people.gm.token })).json as { jobs: Job[] };
    const mine = queued.jobs.find((j) => j.createdBy === people.gm.id);
    expect((await media.call('DELETE', `/v1/jobs/${mine?.id ?? ''}`, { token: people.gm.token })).status).toBe(200);
    expect((await send(people.gm, c)).status).toBe(202);
  });

  it('caps the event streams one user holds open: the next gets 429 rate_limited, and closing one makes room', async () => {
    const queued = (await media.call('GET', `/v1/jobs?campaignId=${people.campaignId}&status=queued`, { token: people.player.token })).json as { jobs: Job[] };
    const jobId = queued.jobs[0]?.id ?? '';
    const open = async () => {
      const controller = new AbortController();
      const response = await fetch(new URL(`/v1/jobs/${jobId}/events`, media.stack.url), {
        headers: { authorization: `Bearer ${people.player.token}` },
        signal: controller.signal,
      });
      return {
        response,
        close: () => {
          controller.abort();
        },
      };
    };
    const first = await open();
    const second = await open();
    expect([first.response.status, second.response.status]).toEqual([200, 200]);
    const third = await open();
    expect(third.response.status).toBe(429);
    expect(((await third.response.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(Number(third.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another user is not held to this user's streams.
    const gms = await fetch(new URL(`/v1/jobs/${jobId}/events`, media.stack.url), { headers: { authorization: `Bearer ${people.gm.token}` } });
    expect(gms.status).toBe(200);
    await gms.body?.cancel();
    first.close();
    const deadline = Date.now() + 5_000;
    let again = await open();
    while (again.response.status === 429 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      again = await open();
    }
    expect(again.response.status).toBe(200);
    again.close();
    second.close();
  });
});
