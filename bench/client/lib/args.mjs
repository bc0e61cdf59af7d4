// Command line of bench/client/run.mjs.
import { parseArgs } from 'node:util';

/**
 * @typedef {object} ClientBenchOptions
 * @property {boolean} quick
 * @property {number | undefined} runs cold starts per doc (default: 10, quick 3)
 * @property {number | undefined} keys characters typed per doc (default: 200, quick 40)
 * @property {number | undefined} docBytes encoded size of the large doc (default: 5 MB, quick 1 MB)
 * @property {string | undefined} json
 * @property {string | undefined} profile
 * @property {boolean} headed
 * @property {boolean} help
 */

export const USAGE = `usage: node bench/client/run.mjs [--quick] [--runs N] [--keys N] [--doc-mb MB] [--json FILE] [--profile DIR]

  --quick       a short smoke run (1 MB doc, 3 cold starts, 40 keystrokes)
  --runs N      offline cold starts per doc (default 10)
  --keys N      characters typed per doc (default 200)
  --doc-mb MB   encoded size of the large doc in MB (default 5)
  --json FILE   also write the raw results to FILE
  --profile DIR after the measured runs, one more offline cold start per doc under the
                profiler: DIR/cold-start-<large|small>.cpuprofile (open it in Chrome DevTools)
  --headed      show the browser (debugging)`;

/**
 * @param {string | undefined} value
 * @param {string} name
 * @returns {number | undefined}
 */
function positive(value, name) {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
  return number;
}

/**
 * @param {readonly string[]} argv
 * @returns {ClientBenchOptions}
 */
export function parseClientBenchArgs(argv) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      keys: { type: 'string' },
      'doc-mb': { type: 'string' },
      json: { type: 'string' },
      profile: { type: 'string' },
      headed: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const runs = positive(values.runs, 'runs');
  const keys = positive(values.keys, 'keys');
  const docMb = positive(values['doc-mb'], 'doc-mb');
  for (const [name, value] of /** @type {const} */ ([['runs', runs], ['keys', keys]])) {
    if (value !== undefined && !Number.isInteger(value)) throw new Error(`--${name} must be a whole number, got ${String(value)}`);
  }
  return {
    quick: values.quick,
    runs,
    keys,
    docBytes: docMb === undefined ? undefined : Math.round(docMb * 1_000_000),
    json: values.json,
    profile: values.profile,
    headed: values.headed,
    help: values.help,
  };
}
