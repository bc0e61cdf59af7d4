/**
 * Media jobs as deployed: the all-in-one server is SIGKILLed while it renders a job; two jobs
 * processes started alone (`jobs/dist/main.js`, as `npm run start -w jobs` runs them) on the same
 * PostgreSQL pick the job up after its lease expires and finish it with exactly one artifact and
 * one result; then they share a burst of jobs, each run once. The providers are
 * `@rpg-bot/provider-fixtures` (the real local renderers with a scripted delay).
 */
import { expect, test } from '@playwright/test';
import { createPostgresDatabase } from '@rpg-bot/db';
import type { Database } from '@rpg-bot/db';
import { findFreePort } from '../../scripts/lib/free-port.mjs';
import { createCampaign, devLogin } from '../support/api';
import { adminDatabaseUrl, freshPostgresDatabase, noPostgresReason, tempDataDir } from '../support/backends';
import { startBundle } from '../support/processes';
import type { BundleProcess } from '../support/processes';
import { ed25519SigningKeyPem } from '../support/signing-key';

interface JobBody {
  readonly id: string;
  readonly status: string;
  readonly attempts: number;
  readonly result?: { readonly artifactUrl: string; readonly sha256: string };
}

const media = {
  TTS_PROVIDER: 'fixtures',
  IMAGE_PROVIDER: 'fixtures',
  AVATAR_PROVIDER: 'fixtures',
  ARTIFACT_STORE: 'storage:postgres',
  JOBS_PROVIDER_TIMEOUT_MS: '4000',
  JOBS_MAX_ATTEMPTS: '3',
};

async function getJob(baseUrl: string, token: string, jobId: string): Promise<JobBody> {
  const response = await fetch(`${baseUrl}/v1/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as JobBody;
}

async function waitForJob(baseUrl: string, token: string, jobId: string, done: (job: JobBody) => boolean, timeoutMs: number): Promise<JobBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(baseUrl, token, jobId);
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} is still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function submit(baseUrl: string, token: string, campaignId: string, clientToken: string, seed: string): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/jobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'avatar', clientToken, campaignId, payload: { seed, size: 128 } }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { jobId: string }).jobId;
}

test.describe('media jobs across a crash and two jobs processes on one PostgreSQL', () => {
  test.skip(adminDatabaseUrl === undefined, noPostgresReason);
  test.describe.configure({ timeout: 150_000 });

  const cleanups: (() => Promise<void> | void)[] = [];
  let db: Database;
  let databaseUrl = '';
  const signingKey = ed25519SigningKeyPem();

  const start = async (bundle: string, name: string, extra: Record<string, string> = {}): Promise<BundleProcess> => {
    const dir = tempDataDir(`rpg-bot-e2e-jobs-${name}-`);
    cleanups.push(dir.cleanup);
    const started = await startBundle(bundle, {
      PORT: String(await findFreePort()),
      DATA_DIR: dir.dataDir,
      DATABASE_URL: databaseUrl,
      SESSION_SIGNING_KEY: signingKey,
      AUTH_DEV_LOGIN: '1',
      ...media,
      ...extra,
    });
    cleanups.push(() => started.kill());
    return started;
  };

  test.beforeAll(async () => {
    const database = await freshPostgresDatabase();
    cleanups.push(() => database.cleanup());
    databaseUrl = database.url;
    db = await createPostgresDatabase({ url: database.url });
    cleanups.push(() => db.close());
  });
  test.afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  test('a job whose process was SIGKILLed mid-render finishes once elsewhere; two jobs processes share the queue', async () => {
    const server = await start('server/dist/main.js', 'server', { JOBS_CONCURRENCY: '1' });
    const token = await devLogin(server.url, 'Crash-test GM');
    const campaign = await createCampaign(server.url, token, 'Kill -9 Keep');
    const jobId = await submit(server.url, token, campaign.id, 'crash-token-0001', 'Portrait of a survivor [slow:2500]');
    await waitForJob(server.url, token, jobId, (job) => job.status === 'running', 20_000);
    await server.kill();

    // The jobs service alone, twice: it verifies the relay's tokens with the shared key.
    const a = await start('jobs/dist/main.js', 'a', { LOG_LEVEL: 'info' });
    const b = await start('jobs/dist/main.js', 'b', { LOG_LEVEL: 'info' });
    const finished = await waitForJob(a.url, token, jobId, (job) => job.status === 'succeeded' || job.status === 'failed', 90_000);
    expect(finished.status).toBe('succeeded');
    expect(finished.attempts).toBe(2);
    const { rows } = await db.query<{ jobs: number; results: number; blobs: number; succeeded: number }>(
      `SELECT (SELECT count(*)::int FROM media_jobs) AS jobs,
              (SELECT count(*)::int FROM media_jobs WHERE result_sha256 IS NOT NULL) AS results,
              (SELECT count(*)::int FROM artifact_blobs) AS blobs,
              (SELECT count(*)::int FROM media_job_events WHERE job_id = $1 AND type = 'succeeded') AS succeeded`,
      [jobId],
    );
    expect(rows[0]).toEqual({ jobs: 1, results: 1, blobs: 1, succeeded: 1 });
    // The artifact is in the database, so the process that did not render it serves it too.
    const art = await fetch(`${b.url}${finished.result?.artifactUrl ?? ''}`, { headers: { authorization: `Bearer ${token}` } });
    expect(art.status).toBe(200);
    expect(art.headers.get('content-type')).toBe('image/webp');

    // A burst submitted to one process is rendered by both, each job once.
    const burst = await Promise.all(Array.from({ length: 24 }, (_, i) => submit(i % 2 === 0 ? a.url : b.url, token, campaign.id, `burst-token-${String(i).padStart(4, '0')}`, `Burst ${i} [slow:150]`)));
    for (const id of burst) expect((await waitForJob(a.url, token, id, (job) => job.status === 'succeeded', 60_000)).attempts).toBe(1);
    const runs = await db.query<{ job_id: string; runs: number }>(
      "SELECT job_id, count(*)::int AS runs FROM media_job_events WHERE job_id = ANY($1::text[]) AND type = 'running' GROUP BY job_id",
      [burst],
    );
    expect(runs.rows.map((r) => r.runs)).toEqual(burst.map(() => 1));
    const perProcess = [a.output(), b.output()].map((out) => (out.match(/media job succeeded/g) ?? []).length);
    expect(perProcess.every((n) => n > 0), `jobs succeeded per process: ${perProcess.join(', ')}`).toBe(true);
  });
});
