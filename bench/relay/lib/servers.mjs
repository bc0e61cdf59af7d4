// Starts the two servers under test as child processes and gives the scenarios one interface:
// where to connect, how to get a doc they may write, how much memory the server holds, stop.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { sleep, waitFor } from './clock.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ourMain = join(repoRoot, 'server', 'dist', 'main.js');
const baselineMain = join(here, 'baseline-server.mjs');
const floorMain = join(here, 'floor-server.mjs');
const memoryProbe = new URL('memory-probe.mjs', import.meta.url).href;

/**
 * @typedef {object} BenchDoc
 * @property {string} docId
 * @property {Record<string, string>} params query parameters the y-websocket provider sends (the token for ours)
 */

/**
 * @typedef {object} MemoryUsage what the server process holds right after two full GCs
 * @property {number} rss
 * @property {number} heapUsed
 * @property {number} external
 * @property {number} arrayBuffers
 */

/**
 * @typedef {object} RunningServer
 * @property {'ours' | 'baseline' | 'floor'} name
 * @property {number} pid
 * @property {string} syncUrl base URL for `new WebsocketProvider(syncUrl, docId, …)`
 * @property {() => Promise<BenchDoc>} newDoc a new doc the bench user may write
 * @property {(docId: string) => Promise<DurableState | undefined>} durableState what the server's storage holds for the doc (ours), undefined for the in-memory baseline
 * @property {() => Promise<Record<string, number>>} metrics the server's Prometheus samples by series (ours; empty for the baseline)
 * @property {() => Promise<MemoryUsage>} memory
 * @property {(() => Promise<RunningServer>) | undefined} restart stops and starts the server on the same data (ours only: the baseline keeps nothing)
 * @property {() => Promise<void>} stop
 */

/**
 * @typedef {object} DurableState
 * @property {number} headSeq the doc's newest stored seq (0: nothing stored)
 * @property {Uint8Array} state the doc at that seq, read back from storage by the history route
 */

/** Children still running, killed if the benchmark itself dies. */
const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * Spawns `node --expose-gc --import memory-probe <script>` and resolves with the URL it logs in its
 * `{"msg":"listening","url":…}` line. Output is drained (a full pipe would stall the server); the
 * last lines are kept for the error message if it dies first.
 * @param {string} script
 * @param {NodeJS.ProcessEnv} env
 * @param {string} memoryFile
 * @param {string | undefined} profileDir write a V8 CPU profile of the server there when it exits
 */
async function spawnServer(script, env, memoryFile, profileDir) {
  const profile = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
  const child = spawn(process.execPath, ['--expose-gc', '--import', memoryProbe, ...profile, script], {
    cwd: repoRoot,
    env: { ...env, BENCH_MEMORY_FILE: memoryFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  /** @type {string[]} */
  const tail = [];
  /** @type {string | undefined} */
  let url;
  /** @param {string} line */
  const onLine = (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    if (url === undefined && line.includes('"listening"')) {
      try {
        const parsed = /** @type {{ msg?: unknown, url?: unknown }} */ (JSON.parse(line));
        if (parsed.msg === 'listening' && typeof parsed.url === 'string') url = parsed.url;
      } catch {
        // not a JSON log line
      }
    }
  };
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  /** @type {number | null | undefined} */
  let exitCode;
  const exited = new Promise((resolve) => {
    child.on('exit', (code) => {
      exitCode = code;
      children.delete(child);
      resolve(undefined);
    });
  });
  await waitFor(() => {
    if (exitCode !== undefined) throw new Error(`${script} exited with ${String(exitCode)} before listening:\n${tail.join('\n')}`);
    return url !== undefined;
  }, { what: `${script} to listen`, timeoutMs: 60_000 });
  const pid = child.pid;
  if (pid === undefined || url === undefined) throw new Error(`${script} did not start`);
  return {
    pid,
    url,
    /** SIGTERM, then SIGKILL after 15 s. */
    stop: async () => {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    /** @returns {Promise<MemoryUsage>} */
    memory: async () => {
      rmSync(memoryFile, { force: true });
      child.kill('SIGUSR2');
      await waitFor(() => existsSync(memoryFile), { what: 'the memory probe', timeoutMs: 30_000 });
      return /** @type {MemoryUsage} */ (JSON.parse(readFileSync(memoryFile, 'utf8')));
    },
  };
}

/**
 * @param {string} url
 * @param {string} path
 * @param {{ token?: string, body?: unknown, as?: 'json' | 'bytes' | 'text' }} [options]
 * @returns {Promise<unknown>}
 */
async function call(url, path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(path, url), {
    method: options.body === undefined ? 'GET' : 'POST',
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  if (options.as === 'bytes') return new Uint8Array(await response.arrayBuffer());
  if (options.as === 'text') return response.text();
  return response.json();
}

/**
 * Our all-in-one server (`server/dist/main.js`) on PGlite in `dataDir`, or on PostgreSQL when
 * `databaseUrl` is set. Rate limiting is off: the benchmark's hundreds of sockets come from one
 * address, which a per-client limit rightly refuses in production.
 * @param {{ dataDir?: string, databaseUrl?: string | undefined, ownsDir?: boolean, profileDir?: string | undefined }} [options]
 * `ownsDir`: remove `dataDir` on stop (default: only when it was created here); `profileDir`: see spawnServer
 * @returns {Promise<RunningServer>}
 */
export async function startOurs(options = {}) {
  if (!existsSync(ourMain)) throw new Error(`${ourMain} is missing: run \`node scripts/build.mjs\` first`);
  const ownsDir = options.ownsDir ?? options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'bench-relay-'));
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(TELEGRAM_|DATABASE_URL$|PORT$|HOST$|SESSION_SIGNING_KEY$)/.test(name)) delete env[name];
  Object.assign(env, {
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    AUTH_DEV_LOGIN: '1',
    RATE_LIMIT_ENABLED: '0',
    SESSION_TTL_SECONDS: '3600',
    // The join storm's campaign doc is 19 MB, above the default 16 MiB limit of a doc.
    SYNC_MAX_DOC_BYTES: String(64 * 1024 * 1024),
  });
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;
  const process_ = await spawnServer(ourMain, env, join(dataDir, 'bench-memory.json'), options.profileDir);
  const session = /** @type {{ token: string }} */ (await call(process_.url, '/v1/auth/dev', { body: { name: 'bench' } }));
  const token = session.token;
  const syncUrl = `${process_.url.replace(/^http/, 'ws')}/v1/sync`;
  return {
    name: 'ours',
    pid: process_.pid,
    syncUrl,
    newDoc: async () => {
      const campaign = /** @type {{ docs: { shared: string } }} */ (
        await call(process_.url, '/v1/campaigns', { token, body: { title: `bench ${randomUUID().slice(0, 8)}` } })
      );
      return { docId: campaign.docs.shared, params: { token } };
    },
    durableState: async (docId) => {
      // The history lists every servable seq, newest first; the first is the head.
      const history = /** @type {{ checkpoints: { seq: number }[] }} */ (await call(process_.url, `/v1/docs/${docId}/history`, { token }));
      const headSeq = history.checkpoints[0]?.seq ?? 0;
      if (headSeq === 0) return { headSeq, state: new Uint8Array([0, 0]) };
      const state = /** @type {Uint8Array} */ (await call(process_.url, `/v1/docs/${docId}/at/${headSeq}`, { token, as: 'bytes' }));
      return { headSeq, state };
    },
    metrics: async () => parseMetrics(/** @type {string} */ (await call(process_.url, '/metrics', { as: 'text' }))),
    memory: process_.memory,
    restart: async () => {
      await process_.stop();
      return startOurs({ dataDir, databaseUrl: options.databaseUrl, ownsDir, profileDir: options.profileDir });
    },
    stop: async () => {
      await process_.stop();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * `@y/websocket-server` in memory (see baseline-server.mjs). Any doc name works, no auth.
 * @param {{ profileDir?: string | undefined }} [options]
 * @returns {Promise<RunningServer>}
 */
export async function startBaseline(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-baseline-'));
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env };
  delete env.YPERSISTENCE;
  delete env.CALLBACK_URL;
  const process_ = await spawnServer(baselineMain, env, join(dir, 'bench-memory.json'), options.profileDir);
  return inMemoryServer('baseline', process_, dir);
}

/**
 * The handle of a server without persistence or auth (the baseline, the floor): any doc id works.
 * @param {'baseline' | 'floor'} name
 * @param {Awaited<ReturnType<typeof spawnServer>>} process_
 * @param {string} dir its temp directory, removed on stop
 * @returns {RunningServer}
 */
function inMemoryServer(name, process_, dir) {
  return {
    name,
    pid: process_.pid,
    syncUrl: `${process_.url.replace(/^http/, 'ws')}/v1/sync`,
    newDoc: () => Promise.resolve({ docId: randomUUID(), params: {} }),
    durableState: () => Promise.resolve(undefined),
    metrics: () => Promise.resolve({}),
    memory: process_.memory,
    restart: undefined,
    stop: async () => {
      await process_.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The join storm's transfer floor (see floor-server.mjs): serves `state` to every client.
 * @param {Uint8Array} state
 * @returns {Promise<RunningServer>}
 */
export async function startFloor(state) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  const stateFile = join(dir, 'state.bin');
  writeFileSync(stateFile, state);
  const process_ = await spawnServer(floorMain, { ...process.env, BENCH_STATE_FILE: stateFile }, join(dir, 'bench-memory.json'), undefined);
  return inMemoryServer('floor', process_, dir);
}

/**
 * Prometheus text format → `{ 'name{labels}': value }` (comments and exemplars ignored).
 * @param {string} text
 * @returns {Record<string, number>}
 */
function parseMetrics(text) {
  /** @type {Record<string, number>} */
  const samples = {};
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?)\s+(\S+)/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) samples[match[1]] = Number(match[2]);
  }
  return samples;
}

/** Gives a server that just started (or just did a lot) a moment to settle. */
export function settle() {
  return sleep(500);
}
