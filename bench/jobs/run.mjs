#!/usr/bin/env node
// Media jobs benchmark (issue 9): 1,000 avatar jobs through the running server (`server/dist/main.js`:
// HTTP, pg-boss queue, worker, artifact store) against the same renders called directly in this
// process at the same concurrency; 1,000 duplicate submissions; the espeak TTS real-time factor.
// Usage: node bench/jobs/run.mjs [--jobs 1000] [--concurrency 2] [--database-url postgres://…] [--server path/to/main.js]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildTargets } from '../../scripts/lib/build-targets.mjs';
import { buildStale } from '../../scripts/lib/stale-build.mjs';
import { findFreePort } from '../../scripts/lib/free-port.mjs';
import { repoRoot } from '../../scripts/lib/repo.mjs';

const args = process.argv.slice(2);
/** @type {(name: string, fallback: string | undefined) => string | undefined} */
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const JOBS = Number(arg('jobs', '1000') ?? '1000');
const CONCURRENCY = Number(arg('concurrency', '2') ?? '2');
const DATABASE_URL = arg('database-url', undefined);
/** Another build of the all-in-one server (A/B runs of an earlier version); server/dist/main.js by default. */
const SERVER = arg('server', undefined);

/** @type {(values: number[], q: number) => number} */
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

/**
 * Runs `fn(i)` for i < n with at most `limit` in flight.
 * @param {number} n
 * @param {number} limit
 * @param {(i: number) => Promise<void>} fn
 */
async function pool(n, limit, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

/** @param {string} dataDir */
async function startServer(dataDir) {
  const port = await findFreePort();
  const child = spawn(process.execPath, [SERVER ?? join(repoRoot, 'server/dist/main.js')], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      AUTH_DEV_LOGIN: '1',
      RATE_LIMIT_ENABLED: '0',
      JOBS_CONCURRENCY: String(CONCURRENCY),
      JOBS_MAX_QUEUED: '100000',
      JOBS_MAX_QUEUED_PER_USER: '100000',
      ...(DATABASE_URL === undefined ? {} : { DATABASE_URL }),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not start');
}

/** @type {(url: string, path: string, token?: string, body?: unknown) => Promise<{ status: number, json: any }>} */
const api = async (url, path, token, body) => {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
};

/**
 * @param {string} url
 * @param {string} token
 * @param {string} campaignId
 * @returns {Promise<any[]>}
 */
async function listAll(url, token, campaignId) {
  /** @type {any[]} */
  const jobs = [];
  let cursor = null;
  do {
    const page = await api(url, `/v1/jobs?campaignId=${campaignId}&type=avatar&limit=100${cursor === null ? '' : `&cursor=${cursor}`}`, token);
    jobs.push(...page.json.jobs);
    cursor = page.json.nextCursor;
  } while (cursor !== null);
  return jobs;
}

/**
 * @param {string} dir
 * @returns {number}
 */
function countFiles(dir) {
  let n = 0;
  try {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      n += statSync(path).isDirectory() ? countFiles(path) : 1;
    }
  } catch {
    return 0;
  }
  return n;
}

// Only what this bench runs: the all-in-one server and the providers its default settings load
// (another workspace half-written by someone else must not stop the bench).
const NEEDED = new Set(['server', 'providers/local', 'providers/espeak', 'providers/storage']);
await buildStale({ log: (line) => process.stderr.write(`${line}\n`), targets: buildTargets(repoRoot).filter((t) => NEEDED.has(t.name)) });
const local = await import(pathToFileURL(join(repoRoot, 'packages/providers/local/dist/index.js')).href);
const espeak = await import(pathToFileURL(join(repoRoot, 'packages/providers/espeak/dist/index.js')).href);
/** @param {number} i */
const seedOf = (i) => `Bench character ${i}`;
const context = { signal: new AbortController().signal, progress: () => undefined };

// Direct: the same renders, same concurrency, in this process (plus hashing, as the runner does).
const { createHash } = await import('node:crypto');
const avatars = local.createDicebearAvatars();
await avatars.render({ seed: 'warm-up', size: 256 }, context);
let t0 = performance.now();
await pool(JOBS, CONCURRENCY, async (i) => {
  const rendered = await avatars.render({ seed: seedOf(i), size: 256 }, context);
  createHash('sha256').update(rendered.bytes).digest('hex');
});
const directMs = performance.now() - t0;

// Through the service.
const dataDir = mkdtempSync(join(tmpdir(), 'rpg-bot-bench-jobs-'));
const server = await startServer(dataDir);
const session = await api(server.url, '/v1/auth/dev', undefined, { name: 'Bench GM' });
const token = session.json.token;
const campaign = await api(server.url, '/v1/campaigns', token, { title: 'Bench' });
const campaignId = campaign.json.id;
await api(server.url, '/v1/jobs', token, { type: 'avatar', clientToken: 'bench-warm-up-0000', campaignId, payload: { seed: 'warm-up' } });
await new Promise((resolve) => setTimeout(resolve, 2000));
/** @param {number} i */
const body = (i) => ({ type: 'avatar', clientToken: `bench-${String(i).padStart(6, '0')}`, campaignId, payload: { seed: seedOf(i), size: 256 } });
t0 = performance.now();
await pool(JOBS, 8, async (i) => {
  const reply = await api(server.url, '/v1/jobs', token, body(i));
  if (reply.status !== 202) throw new Error(`POST ${reply.status} ${JSON.stringify(reply.json)}`);
});
// Wait on the campaign's usage (one aggregate query), not by listing every job every 250 ms: the
// listing (10 pages of 100 jobs) competed with the workers for PGlite's one connection.
for (;;) {
  const usage = await api(server.url, `/v1/campaigns/${campaignId}/usage`, token);
  /** @type {{ jobs: number, failed: number }[]} */
  const rows = usage.json.providers;
  if (rows.reduce((sum, row) => sum + row.jobs + row.failed, 0) >= JOBS + 1) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const queueMs = performance.now() - t0;
const jobs = (await listAll(server.url, token, campaignId)).filter((j) => j.payload.seed !== 'warm-up');
if (jobs.length !== JOBS || !jobs.every((j) => j.status === 'succeeded' || j.status === 'failed')) throw new Error('usage counted jobs the list does not show');
const latencies = jobs.map((j) => Date.parse(j.finishedAt) - Date.parse(j.createdAt));
const failed = jobs.filter((j) => j.status !== 'succeeded').length;
const artifactsBefore = DATABASE_URL === undefined ? countFiles(join(dataDir, 'artifacts')) : undefined;

// Duplicates: every request again, same tokens.
t0 = performance.now();
let replayed = 0;
await pool(JOBS, 8, async (i) => {
  const reply = await api(server.url, '/v1/jobs', token, body(i));
  if (reply.status === 202 && reply.json.status === 'succeeded') replayed++;
});
const dupMs = performance.now() - t0;
const after = (await listAll(server.url, token, campaignId)).length;
const artifactsAfter = DATABASE_URL === undefined ? countFiles(join(dataDir, 'artifacts')) : undefined;
await server.stop();
rmSync(dataDir, { recursive: true, force: true });

// TTS real-time factor: seconds of audio per CPU second, 500 characters, median of 5.
const tts = espeak.createEspeakTts();
const texts = {
  en: 'The rain had not stopped for three days when the riders came down from the pass. They were tired, and the road behind them was long; the inn at the crossing had one lamp lit, and the keeper stood in the doorway with a cudgel in his hand. Nobody spoke. The horses steamed in the cold. At last the oldest of them raised a hand, showed the keeper an empty palm, and asked, in a voice worn thin by the wind, whether there was still bread, and a fire, and a room where five could sleep without their swords.'.slice(
    0,
    500,
  ),
  ru: 'Дождь не прекращался уже три дня, когда всадники спустились с перевала. Они устали, а дорога за ними была долгой; в трактире на перекрёстке горела одна лампа, и хозяин стоял в дверях с дубинкой в руке. Никто не говорил. Кони дымились на холоде. Наконец старший из них поднял руку, показал хозяину пустую ладонь и спросил голосом, истончённым ветром, найдётся ли ещё хлеб, и огонь, и комната, где пятеро смогут уснуть без мечей. Хозяин долго молчал, потом отступил в сторону.'.slice(
    0,
    500,
  ),
};
await tts.synthesize({ text: 'warm up', language: 'en' }, context);
/** @type {Record<string, number>} */
const rtf = {};
for (const [language, text] of Object.entries(texts)) {
  const factors = [];
  for (let i = 0; i < 5; i++) {
    const cpu0 = process.cpuUsage();
    const rendered = await tts.synthesize({ text, language }, context);
    const cpu = process.cpuUsage(cpu0);
    factors.push(rendered.meta.durationMs / 1000 / ((cpu.user + cpu.system) / 1e6));
  }
  rtf[language] = quantile(factors, 0.5);
}

const lines = [
  `media jobs bench — ${JOBS} avatar jobs (256 px), concurrency ${CONCURRENCY}, ${DATABASE_URL === undefined ? 'PGlite' : 'PostgreSQL'}${SERVER === undefined ? '' : `, server ${SERVER}`}`,
  `direct renders in-process: ${directMs.toFixed(0)} ms (${((JOBS / directMs) * 1000).toFixed(1)} jobs/s)`,
  `through the service:       ${queueMs.toFixed(0)} ms (${((JOBS / queueMs) * 1000).toFixed(1)} jobs/s), failed ${failed}`,
  `queue / direct:            ${(queueMs / directMs).toFixed(2)}×`,
  `enqueue→done:              p50 ${quantile(latencies, 0.5)} ms, p99 ${quantile(latencies, 0.99)} ms`,
  `duplicates:                ${JOBS} resubmitted in ${dupMs.toFixed(0)} ms, ${replayed} answered as the finished job; jobs ${after} (was ${jobs.length + 1} incl. warm-up)${artifactsAfter === undefined ? '' : `, artifact files ${artifactsAfter} (was ${artifactsBefore})`}`,
  `espeak TTS, 500 chars:     real-time factor (audio s / CPU s) en ${(rtf.en ?? 0).toFixed(0)}, ru ${(rtf.ru ?? 0).toFixed(0)}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
