// A throwaway PostgreSQL server for the integration tests: its own temp directory, a free port,
// trust authentication, no fsync; removed again by stop().
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath, isExecutable } from './find-executable.mjs';
import { findFreePort } from './free-port.mjs';

/**
 * @typedef {object} ThrowawayCluster
 * @property {string} url superuser URL, e.g. postgres://postgres@127.0.0.1:54321/postgres
 * @property {string} dir temp directory holding data, socket and log
 * @property {() => Promise<void>} stop fast shutdown, then the directory is removed; safe to call twice
 */

/**
 * @typedef {object} PostgresBinaries
 * @property {string} initdb
 * @property {string} pgCtl
 */

/**
 * `initdb` and `pg_ctl` from PATH, else from the highest /usr/lib/postgresql/<version>/bin
 * (Debian and Ubuntu install server binaries there without putting them on PATH).
 * @param {{ pathVariable?: string | undefined, versionsDir?: string }} [options]
 * @returns {PostgresBinaries | null}
 */
export function findPostgresBinaries(options = {}) {
  const initdb = findOnPath('initdb', options.pathVariable);
  const pgCtl = findOnPath('pg_ctl', options.pathVariable);
  if (initdb !== null && pgCtl !== null) return { initdb, pgCtl };
  const versionsDir = options.versionsDir ?? '/usr/lib/postgresql';
  if (!existsSync(versionsDir)) return null;
  const versions = readdirSync(versionsDir)
    .filter((name) => /^\d+(?:\.\d+)?$/.test(name))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  for (const version of versions) {
    const bin = join(versionsDir, version, 'bin');
    const candidate = { initdb: join(bin, 'initdb'), pgCtl: join(bin, 'pg_ctl') };
    if (isExecutable(candidate.initdb) && isExecutable(candidate.pgCtl)) return candidate;
  }
  return null;
}

/**
 * PostgreSQL refuses to run as root, so as root every server command runs as the `postgres`
 * user (which the Debian packages create) through runuser.
 * @returns {{ run: (command: string, args: string[]) => [string, string[]], owner: { uid: number, gid: number } | null } | { reason: string }}
 */
function commandRunner() {
  if (process.getuid?.() !== 0) return { run: (command, args) => [command, args], owner: null };
  if (findOnPath('runuser') === null) return { reason: 'running as root, and runuser (util-linux) is not installed' };
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { run: (command, args) => ['runuser', ['-u', 'postgres', '--', command, ...args]], owner: { uid, gid } };
  } catch {
    return { reason: 'running as root, and there is no "postgres" user to run the server as' };
  }
}

/**
 * @param {[string, string[]]} commandLine
 * @returns {Promise<void>}
 */
function runCommand([command, args]) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error === null) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`.trim()));
    });
  });
}

/**
 * @param {string} path
 */
function readLog(path) {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no server log)';
  }
}

/**
 * Starts a private PostgreSQL server. Resolves null (and tells `onUnavailable` why) when the
 * server binaries are not installed, so callers can skip real-PostgreSQL tests loudly; any other
 * failure (initdb or start-up errors) rejects, because that is a broken machine, not a skip.
 * @param {{ onUnavailable?: (reason: string) => void, pathVariable?: string | undefined, versionsDir?: string }} [options]
 *   `pathVariable` and `versionsDir` change where binaries are looked for (tests).
 * @returns {Promise<ThrowawayCluster | null>}
 */
export async function startThrowawayCluster(options = {}) {
  const unavailable = (/** @type {string} */ reason) => {
    options.onUnavailable?.(reason);
    return null;
  };
  const binaries = findPostgresBinaries(options);
  if (binaries === null) {
    return unavailable('PostgreSQL server binaries (initdb, pg_ctl) are neither on PATH nor under /usr/lib/postgresql/*/bin');
  }
  const runner = commandRunner();
  if ('reason' in runner) return unavailable(runner.reason);

  const dir = await mkdtemp(join(tmpdir(), 'rpg-bot-pg-'));
  const dataDir = join(dir, 'pg');
  const logFile = join(dir, 'log');
  let stopped = false;
  // Last resort if the caller crashes before stop(): never leave a server behind.
  const onExit = () => {
    if (stopped) return;
    const [command, args] = runner.run(binaries.pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    spawnSync(command, args, { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);

  try {
    if (runner.owner !== null) chownSync(dir, runner.owner.uid, runner.owner.gid);
    await runCommand(
      runner.run(binaries.initdb, ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']),
    );
    const port = await startOnFreePort(runner.run, binaries.pgCtl, dataDir, dir, logFile);
    /** @type {Promise<void> | null} */
    let stopping = null;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      dir,
      stop: () => {
        stopping ??= (async () => {
          try {
            await runCommand(runner.run(binaries.pgCtl, ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']));
          } finally {
            stopped = true;
            process.off('exit', onExit);
            await rm(dir, { recursive: true, force: true });
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    onExit();
    stopped = true;
    process.off('exit', onExit);
    throw error;
  }
}

/**
 * Another process can grab the port between our probe and the server's bind, so a failed start
 * is retried on a fresh port a few times before giving up.
 * @param {(command: string, args: string[]) => [string, string[]]} run
 * @param {string} pgCtl
 * @param {string} dataDir
 * @param {string} socketDir
 * @param {string} logFile
 * @returns {Promise<number>}
 */
async function startOnFreePort(run, pgCtl, dataDir, socketDir, logFile) {
  const attempts = 3;
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    const serverOptions = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    try {
      await runCommand(run(pgCtl, ['-D', dataDir, '-o', serverOptions, '-l', logFile, '-w', '-t', '60', 'start']));
      return port;
    } catch (error) {
      if (attempt >= attempts) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${message}\nserver log (last lines):\n${readLog(logFile)}`, { cause: error });
      }
    }
  }
}
