#!/usr/bin/env node
// Client budgets of issue 4: initial JavaScript, offline cold start with a large doc in IndexedDB,
// typing latency with that doc — in headless system Chromium against the built all-in-one server.
// A small doc is measured in the same run as the reference. See README.md.
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { buildStale } from '../../scripts/lib/stale-build.mjs';
import { buildTargets } from '../../scripts/lib/build-targets.mjs';
import { repoRoot, startOurs } from '../relay/lib/servers.mjs';
import { upload } from '../relay/lib/upload.mjs';
import { now } from '../relay/lib/clock.mjs';
import { USAGE, parseClientBenchArgs } from './lib/args.mjs';
import { createCampaign, focusEditorStart, launchChromium, openNotes, probedContext, signIn, startCpuProfile, typeMeasured, waitUntilSynced } from './lib/app.mjs';
import { initialJavaScript, sizes } from './lib/initial-js.mjs';
import { buildNotesDoc } from './lib/notes-doc.mjs';
import { loadedScripts, readColdStart, timeIndexedDbRead } from './lib/page-probes.mjs';
import { kb, mb, ms, renderBudgetTable, spread } from './lib/table.mjs';
import { coldStartPhases, typingText } from './lib/measures.mjs';

/** Budgets from issue 4. */
const BUDGETS = { initialGzipBytes: 200 * 1024, coldStartMs: 1000 };
const FULL = { docBytes: 5_000_000, runs: 10, keys: 200 };
const QUICK = { docBytes: 1_000_000, runs: 3, keys: 40 };
/** The reference doc: a campaign's first evenings. */
const SMALL_DOC_BYTES = 20_000;
/** One character per 100 ms: a fast typist (the measurement waits for each frame first). */
const CADENCE_MS = 100;
/** Characters typed into one doc before switching to the other, so load drift hits both alike. */
const BLOCK = 10;
const PAGE_TIMEOUT_MS = 120_000;

/** @type {import('./lib/args.mjs').ClientBenchOptions} */
let options;
try {
  options = parseClientBenchArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const defaults = options.quick ? QUICK : FULL;
const config = {
  docBytes: options.docBytes ?? defaults.docBytes,
  runs: options.runs ?? defaults.runs,
  keys: options.keys ?? defaults.keys,
  smallDocBytes: SMALL_DOC_BYTES,
  cadenceMs: CADENCE_MS,
};

/** @param {string} line */
const say = (line) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

const targets = buildTargets(repoRoot).filter((target) => target.name === 'server' || target.name === 'client');
await buildStale({ targets, log: (line) => say(`build: ${line.trim()}`) });

// 1. Initial JavaScript, from the build output.
const initial = initialJavaScript(join(repoRoot, 'client', 'dist'));
say(`initial JS: ${initial.files.map((file) => `${file.path} ${kb(file.gzipBytes)}`).join(', ')}`);

say(`building the notes docs (${mb(config.docBytes)} and ${mb(config.smallDocBytes)}) …`);
const large = buildNotesDoc({ targetBytes: config.docBytes, seed: 1 });
const small = buildNotesDoc({ targetBytes: config.smallDocBytes, seed: 2 });
say(`large doc: ${mb(large.state.length)}, ${large.edits} edits, ${large.textLength} characters; small: ${mb(small.state.length)}`);

/** Y.applyUpdate of the whole doc and reading the text, in Node (same V8 as Chromium): the floor of a doc load. */
const applyMs = spread(
  Array.from({ length: 3 }, () => {
    const started = now();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, large.state);
    doc.getText('notes').toString();
    const elapsed = now() - started;
    doc.destroy();
    return elapsed;
  }),
).p50;

const server = await startOurs();
const baseURL = server.syncUrl.replace(/^ws/, 'http').replace(/\/v1\/sync$/, '');
const browser = await launchChromium(options.headed);
const machine = {
  date: new Date().toISOString(),
  node: process.version,
  chromium: browser.version(),
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memory: `${(totalmem() / 1_073_741_824).toFixed(0)} GB`,
  loadAverage: loadavg().map((l) => l.toFixed(2)).join(' '),
  mode: options.quick ? 'quick' : 'full',
};
say(`machine: ${JSON.stringify(machine)}`);

/** @type {Record<string, unknown>} */
const raw = { machine, config, initial, applyMs };
try {
  // 1b. Cross-check: the scripts a fresh browser loads for the sign-in form (until the network is idle).
  const fresh = await browser.newContext({ baseURL, locale: 'en-US' });
  const freshPage = await fresh.newPage();
  await freshPage.goto('/');
  await freshPage.getByLabel('Your name').waitFor();
  // What the shell imports at start (e.g. the service worker registration) may come a moment later.
  await freshPage.waitForLoadState('networkidle');
  const loaded = (await freshPage.evaluate(loadedScripts)).sort();
  await fresh.close();
  const staticPaths = initial.files.map((file) => file.path);
  const missing = staticPaths.filter((path) => !loaded.includes(path));
  const extra = loaded.filter((path) => !staticPaths.includes(path));
  const firstScreen = sizes(join(repoRoot, 'client', 'dist'), loaded);
  raw.browserScripts = firstScreen;
  say(`browser loaded before the sign-in form: ${loaded.join(', ')} (static imports missing: ${missing.length === 0 ? 'none' : missing.join(', ')})`);

  // 2. One online visit: sign in, campaigns with a large and a small doc, both opened once.
  const context = await probedContext(browser, baseURL);
  const home = await context.newPage();
  const token = await signIn(home, 'Bench Client');
  const docs = { large, small };
  /** @type {Record<'large' | 'small', string>} */
  const campaigns = { large: '', small: '' };
  for (const size of /** @type {const} */ (['large', 'small'])) {
    const campaign = await createCampaign(baseURL, token, `Bench ${size}`);
    campaigns[size] = campaign.id;
    const started = now();
    await upload(server, { docId: campaign.docs.shared, params: { token } }, docs[size], PAGE_TIMEOUT_MS);
    say(`${size} doc uploaded in ${ms(now() - started)}`);
    const opened = now();
    const page = await openNotes(context, campaign.id, PAGE_TIMEOUT_MS);
    await waitUntilSynced(page, PAGE_TIMEOUT_MS);
    say(`${size} doc opened online and stored on the device in ${ms(now() - opened)}`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.close();
  }
  await home.close();

  // 3. Offline cold starts: a new page each time, large and small alternating.
  await context.setOffline(true);
  /** @type {Record<'large' | 'small', import('./lib/page-probes.mjs').ColdStartSample[]>} */
  const cold = { large: [], small: [] };
  /** @type {Record<'large' | 'small', boolean>} */
  const acceptsInput = { large: false, small: false };
  for (let run = 0; run < config.runs; run++) {
    for (const size of /** @type {const} */ (['large', 'small'])) {
      const page = await openNotes(context, campaigns[size], PAGE_TIMEOUT_MS);
      cold[size].push(await page.evaluate(readColdStart));
      if (run === 0) {
        // Not timed: the editor takes a keystroke offline.
        await focusEditorStart(page);
        const [sample] = await typeMeasured(page, 'x', 0, 0);
        acceptsInput[size] = sample?.dom !== undefined;
      }
      if (run === config.runs - 1 && size === 'large') raw.indexedDbRead = await page.evaluate(timeIndexedDbRead);
      await page.close();
    }
    say(`cold start ${run + 1}/${config.runs}: large ${ms(cold.large.at(-1)?.marks.painted ?? Number.NaN)}, small ${ms(cold.small.at(-1)?.marks.painted ?? Number.NaN)}`);
  }
  raw.coldStarts = cold;
  const profileDir = options.profile;
  if (profileDir !== undefined) {
    // Not counted: the profiler slows the page down.
    mkdirSync(profileDir, { recursive: true });
    for (const size of /** @type {const} */ (['large', 'small'])) {
      /** @type {(() => Promise<unknown>) | undefined} */
      let stopProfile;
      const page = await openNotes(context, campaigns[size], PAGE_TIMEOUT_MS, async (fresh) => {
        stopProfile = await startCpuProfile(fresh);
      });
      if (stopProfile === undefined) throw new Error('the profiler did not start');
      const file = join(profileDir, `cold-start-${size}.cpuprofile`);
      writeFileSync(file, JSON.stringify(await stopProfile()));
      say(`CPU profile of a ${size}-doc cold start written to ${file}`);
      await page.close();
    }
  }
  await context.setOffline(false);

  // 4. Typing, online (the relay acknowledges every keystroke), blocks alternating between the docs.
  const pages = {
    large: await openNotes(context, campaigns.large, PAGE_TIMEOUT_MS),
    small: await openNotes(context, campaigns.small, PAGE_TIMEOUT_MS),
  };
  /** @type {Record<'large' | 'small', import('./lib/page-probes.mjs').KeySample[]>} */
  const typed = { large: [], small: [] };
  for (const size of /** @type {const} */ (['large', 'small'])) {
    await waitUntilSynced(pages[size], PAGE_TIMEOUT_MS);
  }
  const text = typingText(config.keys);
  for (let offset = 0; offset < text.length; offset += BLOCK) {
    for (const size of /** @type {const} */ (['large', 'small'])) {
      const page = pages[size];
      await page.bringToFront();
      if (offset === 0) await focusEditorStart(page);
      typed[size].push(...(await typeMeasured(page, text.slice(offset, offset + BLOCK), config.cadenceMs, typed[size].length)));
    }
  }
  for (const size of /** @type {const} */ (['large', 'small'])) await waitUntilSynced(pages[size], PAGE_TIMEOUT_MS);
  raw.typing = typed;
  await context.close();

  // 5. Results.
  const coldLarge = spread(cold.large.map((sample) => sample.marks.painted ?? Number.NaN));
  const coldSmall = spread(cold.small.map((sample) => sample.marks.painted ?? Number.NaN));
  /** @param {import('./lib/page-probes.mjs').KeySample[]} samples */
  const latency = (samples) => spread(samples.map((sample) => (sample.frame ?? Number.NaN) - sample.down));
  /** @param {import('./lib/page-probes.mjs').KeySample[]} samples */
  const toDom = (samples) => spread(samples.map((sample) => (sample.dom ?? Number.NaN) - sample.down));
  const typingLarge = latency(typed.large);
  const typingSmall = latency(typed.small);
  const domLarge = toDom(typed.large);
  const domSmall = toDom(typed.small);
  const ratio = (/** @type {number} */ a, /** @type {number} */ b) => `${(a / b).toFixed(2)}×`;
  const idb = /** @type {{ ms: number, rows: number, bytes: number } | undefined} */ (raw.indexedDbRead);
  const sizeLabel = mb(large.state.length);
  const table = renderBudgetTable(`Client budgets (${machine.mode} run, ${machine.date.slice(0, 16)} UTC)`, [
    {
      measure: `initial JavaScript: every script the first screen loads, gzip (${firstScreen.files.length} files, ${kb(firstScreen.bytes)} raw)`,
      value: kb(firstScreen.gzipBytes),
      budget: `≤ ${kb(BUDGETS.initialGzipBytes)}`,
      met: firstScreen.gzipBytes <= BUDGETS.initialGzipBytes && missing.length === 0,
    },
    { measure: `… of which index.html and its static imports (${initial.files.length} file${initial.files.length === 1 ? '' : 's'})`, value: kb(initial.gzipBytes) },
    { measure: '… loaded at start through import()', value: extra.length === 0 ? 'none' : extra.map((path) => path.replace('/assets/', '')).join(', ') },
    {
      measure: `offline cold start to editable notes, ${sizeLabel} doc: median / p95 (n = ${coldLarge.count})`,
      value: `${ms(coldLarge.p50)} / ${ms(coldLarge.p95)}`,
      budget: `≤ ${ms(BUDGETS.coldStartMs)}`,
      met: coldLarge.p95 <= BUDGETS.coldStartMs,
    },
    { measure: `… same with a ${mb(small.state.length)} doc: median / p95`, value: `${ms(coldSmall.p50)} / ${ms(coldSmall.p95)}` },
    { measure: '… every cold start served by the service worker; the editor took a keystroke offline', value: cold.large.every((s) => s.controlled) && cold.small.every((s) => s.controlled) && acceptsInput.large && acceptsInput.small ? 'yes' : 'no' },
    ...coldStartPhases(cold.large, cold.small).map((phase) => ({ measure: `… phase: ${phase.name} (median, large / small)`, value: `${ms(phase.large)} / ${ms(phase.small)}` })),
    {
      measure: `typing, keydown → next frame, ${sizeLabel} doc: median / p95 / p99 (n = ${typingLarge.count})`,
      value: `${ms(typingLarge.p50)} / ${ms(typingLarge.p95)} / ${ms(typingLarge.p99)}`,
      budget: 'measure (issue 4)',
    },
    { measure: `… same with a ${mb(small.state.length)} doc`, value: `${ms(typingSmall.p50)} / ${ms(typingSmall.p95)} / ${ms(typingSmall.p99)}` },
    { measure: '… large ÷ small (median / p95)', value: `${ratio(typingLarge.p50, typingSmall.p50)} / ${ratio(typingLarge.p95, typingSmall.p95)}` },
    { measure: '… keydown → character in the editor DOM, large / small (median)', value: `${ms(domLarge.p50)} / ${ms(domSmall.p50)}` },
    { measure: `reference: Y.applyUpdate + toString of the ${sizeLabel} doc in Node`, value: ms(applyMs) },
    ...(idb === undefined ? [] : [{ measure: `reference: raw IndexedDB read of every docUpdates row (${idb.rows} rows, ${mb(idb.bytes)})`, value: ms(idb.ms) }]),
  ]);
  process.stdout.write(`${table}\nmachine: ${JSON.stringify(machine)}\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  if (options.json !== undefined) {
    writeFileSync(options.json, `${JSON.stringify(raw, null, 2)}\n`);
    say(`raw results written to ${options.json}`);
  }
} finally {
  say('stopping the browser and the server …');
  await browser.close();
  await server.stop();
}
// Sockets of the upload's providers and the server's pipes may linger; the run is over.
process.exit(0);
