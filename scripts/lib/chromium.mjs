// Finds the system Chromium the e2e tests drive (Playwright cannot download browsers here) and,
// on a Debian or Ubuntu machine where we are root, installs it with apt-get.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findOnPath, isExecutable } from './find-executable.mjs';

const STANDARD_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const PATH_NAMES = ['chromium', 'chromium-browser'];

const HOW_TO_GET_ONE =
  'Install it with `sudo apt-get install chromium` (Debian/Ubuntu) or point CHROMIUM_PATH at a Chromium or Chrome executable.';

/**
 * @typedef {object} ChromiumOptions
 * @property {NodeJS.ProcessEnv} [env] where CHROMIUM_PATH and PATH are read (default: process.env)
 * @property {readonly string[]} [standardPaths] checked before PATH
 * @property {boolean} [mayInstall] whether apt-get may be used (default: root on a machine with apt-get)
 * @property {(line: string) => void} [log]
 */

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {readonly string[]} standardPaths
 * @returns {string | null}
 */
function findChromium(env, standardPaths) {
  for (const path of standardPaths) if (isExecutable(path)) return path;
  for (const name of PATH_NAMES) {
    const found = findOnPath(name, env.PATH);
    if (found !== null) return found;
  }
  return null;
}

function canInstallWithApt() {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && findOnPath('apt-get') !== null;
}

/**
 * @param {string[]} args
 * @param {(line: string) => void} log
 */
function aptGet(args, log) {
  log(`chromium: running apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    throw new Error(`apt-get ${args.join(' ')} failed (exit ${String(result.status ?? result.signal)}). ${HOW_TO_GET_ONE}`);
  }
}

/**
 * Path of a Chromium executable: CHROMIUM_PATH when set, else /usr/bin/chromium or chromium on
 * PATH; when there is none and we are root on Debian/Ubuntu, installs the `chromium` package
 * (printing what it does). Throws with instructions otherwise. Synchronous, so the Playwright
 * config can call it.
 * @param {ChromiumOptions} [options]
 * @returns {string}
 */
export function ensureChromium(options = {}) {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const configured = env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    if (!isExecutable(configured)) throw new Error(`CHROMIUM_PATH=${configured} is not an executable file. ${HOW_TO_GET_ONE}`);
    return configured;
  }
  const standardPaths = options.standardPaths ?? STANDARD_PATHS;
  const found = findChromium(env, standardPaths);
  if (found !== null) return found;

  if (!(options.mayInstall ?? canInstallWithApt())) {
    throw new Error(`No Chromium found (looked at ${standardPaths.join(', ')} and PATH). ${HOW_TO_GET_ONE}`);
  }
  log('chromium: not found; installing the Debian package "chromium" (needs network access)');
  aptGet(['update'], log);
  aptGet(['install', '-y', '--no-install-recommends', 'chromium'], log);
  const installed = findChromium(env, standardPaths);
  if (installed === null) throw new Error(`apt-get installed chromium but no executable was found. ${HOW_TO_GET_ONE}`);
  log(`chromium: installed at ${installed}`);
  return installed;
}
