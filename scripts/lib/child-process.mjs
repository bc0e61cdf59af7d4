// Runs commands for the scripts: output either inherited (test runners stay readable, with
// colours) or line-prefixed (parallel type checks), and a failing command rejects.
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';

/** Children still running, so a signal handler can pass Ctrl-C/SIGTERM on to them. */
const running = new Set();

/**
 * @typedef {object} RunOptions
 * @property {string} [cwd]
 * @property {NodeJS.ProcessEnv} [env]
 * @property {string} [prefix] prefix every output line with this (output is piped) instead of inheriting the terminal
 */

/**
 * Runs `command args`; resolves when it exits with 0, rejects with an error naming the command
 * and its exit code or signal otherwise.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<void>}
 */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const prefix = options.prefix;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: prefix === undefined ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    if (prefix !== undefined) {
      for (const [stream, target] of /** @type {const} */ ([
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ])) {
        if (stream === null) continue;
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
          target.write(`${prefix}${line}\n`);
        });
      }
    }
    child.on('error', (error) => {
      running.delete(child);
      reject(new Error(`could not start ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${[basename(command), ...args].join(' ')} ${signal === null ? `exited with code ${String(code)}` : `was stopped by ${signal}`}`));
    });
  });
}

/**
 * Sends `signal` to every child started by run() that is still running.
 * @param {NodeJS.Signals} signal
 */
export function signalChildren(signal) {
  for (const child of running) child.kill(signal);
}

/**
 * How to run an npm script from a script: through the npm that started us when there is one
 * (`npm test` sets npm_execpath), else `npm` from PATH.
 * @param {string[]} args e.g. ['run', 'lint']
 * @returns {[string, string[]]}
 */
export function npmCommand(args) {
  const npmCli = process.env.npm_execpath;
  if (npmCli !== undefined && /\.[cm]?js$/.test(npmCli)) return [process.execPath, [npmCli, ...args]];
  return ['npm', args];
}
