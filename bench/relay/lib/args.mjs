// Command line of run.mjs.
import { parseArgs } from 'node:util';

export const SCENARIOS = /** @type {const} */ (['fanout', 'join', 'memory', 'sustained']);
/** @typedef {typeof SCENARIOS[number]} Scenario */

/**
 * @typedef {object} BenchOptions
 * @property {boolean} quick
 * @property {Scenario[]} scenarios
 * @property {string | undefined} databaseUrl
 * @property {string | undefined} json
 * @property {string | undefined} profile
 * @property {boolean} help
 */

export const USAGE = `usage: node bench/relay/run.mjs [--quick] [--only fanout|join|memory|sustained[,…]] [--database-url postgres://…] [--json FILE]

  --quick           a short smoke run (small crowd, small docs, seconds instead of minutes)
  --only LIST       run only these scenarios (comma-separated)
  --database-url U  run our relay on this PostgreSQL database instead of PGlite in a temp dir
  --json FILE       also write the raw results to FILE
  --profile DIR     write a V8 CPU profile of every server process to DIR/<side>-<scenario>/
                    and print each one's top functions by self time`;

/**
 * @param {readonly string[]} argv
 * @returns {BenchOptions}
 */
export function parseBenchArgs(argv) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'database-url': { type: 'string' },
      json: { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const names = values.only === undefined ? [...SCENARIOS] : values.only.split(',').map((name) => name.trim());
  /** @type {Scenario[]} */
  const scenarios = [];
  for (const name of names) {
    const scenario = SCENARIOS.find((known) => known === name);
    if (scenario === undefined) throw new Error(`unknown scenario "${name}" (known: ${SCENARIOS.join(', ')})`);
    if (!scenarios.includes(scenario)) scenarios.push(scenario);
  }
  return { quick: values.quick, scenarios, databaseUrl: values['database-url'], json: values.json, profile: values.profile, help: values.help };
}
