// Runs the steps of `npm test` one after another with a header and a duration for each, stops at
// the first failure, and prints a summary table at the end.

/**
 * @typedef {object} Step
 * @property {string} name
 * @property {() => Promise<string | void>} run resolves with an optional note for the summary (e.g. "real PostgreSQL skipped")
 */

/**
 * @typedef {object} StepResult
 * @property {string} name
 * @property {'ok' | 'FAILED' | 'not run'} status
 * @property {number | null} ms
 * @property {string} note
 */

/**
 * @param {number} ms
 * @returns {string}
 */
export function formatDuration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/**
 * @param {string} text
 * @returns {string}
 */
function firstLine(text) {
  const line = text.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

/**
 * @param {readonly StepResult[]} results
 * @param {number} totalMs
 * @returns {string}
 */
export function formatSummary(results, totalMs) {
  const rows = results.map((r, i) => [`${i + 1}. ${r.name}`, r.status, r.ms === null ? '—' : formatDuration(r.ms), r.note]);
  rows.push(['total', results.every((r) => r.status === 'ok') ? 'ok' : 'FAILED', formatDuration(totalMs), '']);
  const header = ['step', 'result', 'time', 'note'];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => (row[col] ?? '').length)));
  /** @param {string[]} cells */
  const line = (cells) =>
    cells
      .map((cell, col) => cell.padEnd(widths[col] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * @param {readonly Step[]} steps
 * @param {{ write?: (text: string) => void, now?: () => number }} [options]
 * @returns {Promise<{ ok: boolean, results: StepResult[], totalMs: number }>}
 */
export async function runSteps(steps, options = {}) {
  const write = options.write ?? ((text) => process.stdout.write(text));
  const now = options.now ?? (() => performance.now());
  /** @type {StepResult[]} */
  const results = steps.map((s) => ({ name: s.name, status: 'not run', ms: null, note: '' }));
  const started = now();
  let ok = true;
  for (const [index, step] of steps.entries()) {
    const result = results[index];
    if (result === undefined) continue;
    write(`\n━━━ ${index + 1}/${steps.length} ${step.name} ${'━'.repeat(Math.max(3, 60 - step.name.length))}\n`);
    const stepStarted = now();
    try {
      const note = await step.run();
      result.status = 'ok';
      result.note = note ?? '';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result.status = 'FAILED';
      result.note = firstLine(message);
      write(`${message}\n`);
      ok = false;
    }
    result.ms = now() - stepStarted;
    write(`━━━ ${step.name}: ${result.status} in ${formatDuration(result.ms)}\n`);
    if (!ok) break;
  }
  const totalMs = now() - started;
  write(`\n${formatSummary(results, totalMs)}\n`);
  return { ok, results, totalMs };
}
