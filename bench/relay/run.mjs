#!/usr/bin/env node
// Relay benchmarks: our relay (server/dist/main.js, PGlite or PostgreSQL) against the in-memory
// @y/websocket-server in the same run, with the same y-websocket client code. See README.md.
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildStale } from '../../scripts/lib/stale-build.mjs';
import { buildTargets } from '../../scripts/lib/build-targets.mjs';
import { USAGE, parseBenchArgs } from './lib/args.mjs';
import { buildCampaignDoc } from './lib/campaign-doc.mjs';
import { now } from './lib/clock.mjs';
import { repoRoot, startBaseline, startFloor, startOurs } from './lib/servers.mjs';
import { summarizeProfiles } from './lib/profile-summary.mjs';
import { count, mb, ms, rate, renderTable, times } from './lib/table.mjs';
import { runFanout } from './scenarios/fanout.mjs';
import { runJoinStorm, runStorm } from './scenarios/join-storm.mjs';
import { runMemory } from './scenarios/memory.mjs';
import { runSustained } from './scenarios/sustained.mjs';

/** @typedef {import('./lib/servers.mjs').RunningServer} RunningServer */
/** @typedef {'baseline' | 'ours'} Side */

const FULL = {
  fanout: { observers: 50, rate: 1000, seconds: 10, warmupSeconds: 1 },
  join: { clients: 150, docBytes: 20_000_000, timeoutMs: 900_000 },
  memory: { docs: 20, docBytes: 1_000_000 },
  sustained: { docs: 20, perDoc: 10, ratePerSocket: 2, seconds: 60, warmupSeconds: 5 },
};
const QUICK = {
  fanout: { observers: 10, rate: 1000, seconds: 3, warmupSeconds: 1 },
  join: { clients: 20, docBytes: 2_000_000, timeoutMs: 120_000 },
  memory: { docs: 8, docBytes: 500_000 },
  sustained: { docs: 5, perDoc: 4, ratePerSocket: 2, seconds: 10, warmupSeconds: 2 },
};
/**
 * Targets from the relay issues (8 §6): fan-out p99 ≤ 1.5× the baseline; join-storm median ≤ 1.3×
 * the transfer floor; uploading the big doc ≤ 2× the baseline on PGlite, ≤ 1.5× on PostgreSQL.
 */
const TARGETS = { fanoutP99Ratio: 1.5, joinFloorRatio: 1.3, uploadRatio: { pglite: 2, postgres: 1.5 }, memoryRatio: 2 };

/** @type {import('./lib/args.mjs').BenchOptions} */
let options;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const config = options.quick ? QUICK : FULL;
const databaseUrl = options.databaseUrl;

/** @param {string} line */
const say = (line) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** @type {Record<Side, (profileDir: string | undefined) => Promise<RunningServer>>} */
const start = {
  baseline: (profileDir) => startBaseline({ profileDir }),
  ours: (profileDir) => startOurs({ databaseUrl, profileDir }),
};
/** @type {string[]} */
const profiles = [];

/**
 * Runs `scenario` on a fresh server of each side, baseline first, and always stops it.
 * @template R
 * @param {string} name
 * @param {(server: RunningServer) => Promise<{ result: R, server: RunningServer }>} scenario
 * @returns {Promise<Record<Side, R>>}
 */
async function bothSides(name, scenario) {
  /** @type {Partial<Record<Side, R>>} */
  const results = {};
  for (const side of /** @type {const} */ (['baseline', 'ours'])) {
    say(`${name}: ${side} …`);
    const started = now();
    const profileDir = options.profile === undefined ? undefined : join(options.profile, `${side}-${name.replace(/\W+/g, '-')}`);
    if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
    let server = await start[side](profileDir);
    try {
      const outcome = await scenario(server);
      server = outcome.server;
      results[side] = outcome.result;
    } finally {
      await server.stop();
    }
    if (profileDir !== undefined) profiles.push(`${name}, ${side} (${profileDir}):\n${summarizeProfiles(profileDir)}`);
    say(`${name}: ${side} done in ${((now() - started) / 1000).toFixed(1)} s`);
  }
  const { baseline, ours } = results;
  if (baseline === undefined || ours === undefined) throw new Error(`${name} did not run on both sides`);
  return { baseline, ours };
}

const uploadRatio = databaseUrl === undefined ? TARGETS.uploadRatio.pglite : TARGETS.uploadRatio.postgres;

const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memory: mb(totalmem()),
  loadAverage: loadavg().map((l) => l.toFixed(2)).join(' '),
  database: databaseUrl === undefined ? 'PGlite (temp DATA_DIR)' : 'PostgreSQL (--database-url)',
  mode: options.quick ? 'quick' : 'full',
};

const [serverTarget] = buildTargets(repoRoot).filter((target) => target.name === 'server');
if (serverTarget === undefined) throw new Error('scripts/lib/build-targets.mjs has no server target');
await buildStale({ targets: [serverTarget], log: (line) => say(`build: ${line.trim()}`) });
say(`machine: ${JSON.stringify(machine)}`);

/** @type {string[]} */
const tables = [];
/** @type {Record<string, unknown>} */
const raw = { machine, config };

if (options.scenarios.includes('fanout')) {
  const c = config.fanout;
  const r = await bothSides('fan-out', async (server) => ({ result: await runFanout(server, c), server }));
  raw.fanout = r;
  tables.push(
    renderTable(`Fan-out: 1 writer at ${c.rate} edits/s → ${c.observers} observers, ${c.seconds} s (first ${c.warmupSeconds} s not timed)`, [
      { measure: 'latency p50', baseline: r.baseline.latency.p50, ours: r.ours.latency.p50, format: ms },
      {
        measure: 'latency p99',
        baseline: r.baseline.latency.p99,
        ours: r.ours.latency.p99,
        format: ms,
        target: `≤ ${TARGETS.fanoutP99Ratio}× baseline`,
        met: r.ours.latency.p99 <= TARGETS.fanoutP99Ratio * r.baseline.latency.p99,
      },
      { measure: 'latency max', baseline: r.baseline.latency.max, ours: r.ours.latency.max, format: ms },
      { measure: 'edits sent per s (writer)', baseline: r.baseline.sendRate, ours: r.ours.sendRate, format: rate },
      { measure: 'edits delivered per s, per observer', baseline: r.baseline.deliveredPerSecond, ours: r.ours.deliveredPerSecond, format: rate },
      {
        measure: 'edits every observer got',
        baseline: r.baseline.minReceived,
        ours: r.ours.minReceived,
        format: (n) => `${count(n)} of ${r.ours.sent}`,
        ratio: false,
        target: 'all',
        met: r.ours.minReceived === r.ours.sent,
      },
      {
        measure: 'stored doc holds every edit (head seq)',
        baseline: undefined,
        ours: r.ours.headSeq,
        format: (n) => `${r.ours.durable === true ? 'yes' : 'NO'} (${count(n)})`,
        target: 'all',
        met: r.ours.durable === true,
      },
      { measure: 'mean commit (relay histogram)', baseline: undefined, ours: r.ours.meanCommitMs, format: ms },
    ]),
  );
}

if (options.scenarios.includes('join')) {
  const c = config.join;
  say(`join storm: building a ${mb(c.docBytes)} campaign doc …`);
  const built = now();
  const campaign = buildCampaignDoc({ targetBytes: c.docBytes, seed: 20 });
  say(`join storm: ${campaign.edits} edits, ${mb(campaign.state.length)} encoded, ${campaign.frames.length} upload frames, built in ${((now() - built) / 1000).toFixed(1)} s`);
  const r = await bothSides('join storm', async (server) => ({ result: await runJoinStorm(server, campaign, c), server }));
  say('join storm: transfer floor (one shared frame, no per-client work) …');
  const floorServer = await startFloor(campaign.state);
  const floor = await runStorm(floorServer, await floorServer.newDoc(), c).finally(() => floorServer.stop());
  raw.join = { ...r, floor, docBytes: campaign.state.length, edits: campaign.edits };
  tables.push(
    renderTable(`Join storm: ${c.clients} clients open a ${mb(campaign.state.length)} doc (${campaign.edits} edits) at once`, [
      {
        measure: 'time to synced, median',
        baseline: r.baseline.synced.p50,
        ours: r.ours.synced.p50,
        format: ms,
        target: `≤ ${TARGETS.joinFloorRatio}× floor (${ms(floor.synced.p50)})`,
        met: r.ours.synced.p50 <= TARGETS.joinFloorRatio * floor.synced.p50 && r.ours.failed === 0,
      },
      { measure: 'time to synced, median ÷ transfer floor', baseline: r.baseline.synced.p50 / floor.synced.p50, ours: r.ours.synced.p50 / floor.synced.p50, format: times },
      { measure: 'time to synced, p99', baseline: r.baseline.synced.p99, ours: r.ours.synced.p99, format: ms },
      { measure: 'time to synced, first', baseline: r.baseline.synced.min, ours: r.ours.synced.min, format: ms },
      { measure: 'sync step 2 frame a joiner gets', baseline: r.baseline.step2Bytes, ours: r.ours.step2Bytes, format: mb },
      { measure: 'clients not synced in time', baseline: r.baseline.failed, ours: r.ours.failed, format: count, ratio: false },
      { measure: 'server RSS before', baseline: r.baseline.rssBefore, ours: r.ours.rssBefore, format: mb },
      { measure: 'server RSS peak', baseline: r.baseline.rssPeak, ours: r.ours.rssPeak, format: mb },
      { measure: 'one join afterwards, incl. client apply', baseline: r.baseline.fullJoinMs, ours: r.ours.fullJoinMs, format: ms },
      {
        measure: 'upload of the doc (frames)',
        baseline: r.baseline.uploadMs,
        ours: r.ours.uploadMs,
        format: (v) => `${ms(v)} (${r.ours.frames})`,
        target: `≤ ${uploadRatio}× baseline`,
        met: r.ours.uploadMs <= uploadRatio * r.baseline.uploadMs,
      },
      {
        measure: 'stored doc equals the upload (head seq)',
        baseline: undefined,
        ours: r.ours.headSeq,
        format: (n) => `${r.ours.durable === true ? 'yes' : 'NO'} (${count(n)})`,
        target: 'all',
        met: r.ours.durable === true,
      },
      {
        measure: 'joined client got the exact doc',
        baseline: Number(r.baseline.complete),
        ours: Number(r.ours.complete),
        format: (n) => (n === 1 ? 'yes' : 'NO'),
        ratio: false,
      },
    ]) +
      `\nTransfer floor — the same crowd against a server that sends one pre-encoded frame and does nothing else (lib/floor-server.mjs): ` +
      `median ${ms(floor.synced.p50)}, p99 ${ms(floor.synced.p99)}, first ${ms(floor.synced.min)}, not synced ${count(floor.failed)}, server RSS peak ${mb(floor.rssPeak)}.\n`,
  );
}

if (options.scenarios.includes('memory')) {
  const c = config.memory;
  say(`memory: building ${c.docs} docs of ${mb(c.docBytes)} …`);
  const campaigns = Array.from({ length: c.docs }, (_, i) => buildCampaignDoc({ targetBytes: c.docBytes, seed: 100 + i }));
  const r = await bothSides('memory', (server) => runMemory(server, campaigns));
  raw.memory = r;
  const encoded = r.ours.encodedBytes;
  tables.push(
    renderTable(`Memory per loaded doc: ${c.docs} docs of ${mb(encoded)} encoded`, [
      { measure: 'RSS per doc', baseline: r.baseline.rssPerDoc, ours: r.ours.rssPerDoc, format: mb },
      // RSS moves by tens of MB on its own (V8 and PGlite keep or release pages): a drop is noise, not a result.
      r.ours.rssPerDoc > 0
        ? {
            measure: 'RSS per doc ÷ encoded size',
            baseline: r.baseline.rssPerDoc / encoded,
            ours: r.ours.rssPerDoc / encoded,
            format: times,
            target: `≤ ${TARGETS.memoryRatio}×`,
            met: r.ours.rssPerDoc / encoded <= TARGETS.memoryRatio,
          }
        : {
            measure: 'RSS per doc ÷ encoded size',
            baseline: r.baseline.rssPerDoc / encoded,
            ours: r.ours.rssPerDoc / encoded,
            format: times,
            target: `≤ ${TARGETS.memoryRatio}× (RSS fell: noise)`,
          },
      { measure: 'JS heap + external per doc', baseline: r.baseline.jsPerDoc, ours: r.ours.jsPerDoc, format: mb },
      {
        measure: 'JS heap + external ÷ encoded size',
        baseline: r.baseline.jsPerDoc / encoded,
        ours: r.ours.jsPerDoc / encoded,
        format: times,
        target: `≤ ${TARGETS.memoryRatio}×`,
        met: r.ours.jsPerDoc / encoded <= TARGETS.memoryRatio,
      },
    ]),
  );
}

if (options.scenarios.includes('sustained')) {
  const c = config.sustained;
  const r = await bothSides('sustained', async (server) => ({ result: await runSustained(server, c), server }));
  raw.sustained = r;
  const expectedEdits = r.ours.made;
  tables.push(
    renderTable(`Sustained editing: ${c.docs * c.perDoc} sockets on ${c.docs} docs, each writing and reading ${c.ratePerSocket} edits/s, ${c.seconds} s (first ${c.warmupSeconds} s not timed)`, [
      { measure: 'edits made per s (all sockets)', baseline: r.baseline.sendRate, ours: r.ours.sendRate, format: rate },
      { measure: 'ack latency p50 (durable)', baseline: undefined, ours: r.ours.ack?.p50, format: ms },
      { measure: 'ack latency p99 (durable)', baseline: undefined, ours: r.ours.ack?.p99, format: ms },
      { measure: 'delivery to the other sockets, p50', baseline: r.baseline.delivery.p50, ours: r.ours.delivery.p50, format: ms },
      { measure: 'delivery to the other sockets, p99', baseline: r.baseline.delivery.p99, ours: r.ours.delivery.p99, format: ms },
      {
        measure: 'edits a peer never got, refs never answered',
        baseline: r.baseline.undelivered,
        ours: r.ours.undelivered + (r.ours.unanswered ?? 0),
        format: count,
        ratio: false,
        target: 'none',
        met: r.ours.undelivered === 0 && r.ours.unanswered === 0 && r.ours.rejected === 0 && r.ours.closed.length === 0,
      },
      {
        measure: 'stored docs hold every edit',
        baseline: undefined,
        ours: expectedEdits,
        format: (n) => `${r.ours.durable === true ? 'yes' : 'NO'} (${count(n)} edits)`,
        target: 'all',
        met: r.ours.durable === true,
      },
      { measure: 'server RSS before (after GC)', baseline: r.baseline.rssBefore, ours: r.ours.rssBefore, format: mb },
      { measure: 'server RSS peak', baseline: r.baseline.rssPeak, ours: r.ours.rssPeak, format: mb },
      { measure: 'server RSS after, sockets closed (after GC)', baseline: r.baseline.rssAfter, ours: r.ours.rssAfter, format: mb },
      { measure: 'RSS drift (after − before)', baseline: r.baseline.rssAfter - r.baseline.rssBefore, ours: r.ours.rssAfter - r.ours.rssBefore, format: mb, ratio: false },
    ]),
  );
}

process.stdout.write(`\nRelay benchmark, ${machine.mode} run, ${machine.date}\n`);
process.stdout.write(`node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memory} RAM, load average ${machine.loadAverage}; ours on ${machine.database}\n\n`);
process.stdout.write(`${tables.join('\n')}\n`);
if (profiles.length > 0) process.stdout.write(`\nServer CPU profiles, top functions by self time:\n\n${profiles.join('\n\n')}\n`);
if (options.json !== undefined) {
  writeFileSync(options.json, `${JSON.stringify(raw, null, 2)}\n`);
  say(`raw results written to ${options.json}`);
}
process.exit(0);
