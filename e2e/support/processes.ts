/**
 * The built bundles as child processes: start one with a clean environment, wait until it serves,
 * stop it gracefully (SIGTERM) or kill it the hard way (SIGKILL) to test what survives a crash.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A running bundle: its child, everything it printed so far, and how it ended. */
export interface BundleProcess {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown hook runs, nothing is flushed — a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit; rejects when the process does not exit 0. */
  stop(): Promise<void>;
}

/**
 * Starts `bundle` (e.g. `server/dist/main.js`) with only PATH inherited (a caller's DATABASE_URL
 * never leaks in) and waits for `/healthz`. `env` must set PORT and DATA_DIR.
 */
export async function startBundle(bundle: string, env: Readonly<Record<string, string>>): Promise<BundleProcess> {
  const port = env.PORT;
  if (port === undefined || port === '0') throw new Error('startBundle needs a fixed PORT to know where to connect');
  const child = spawn(process.execPath, [bundle], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const started: BundleProcess = {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const { code, signal } = await exited;
      if (code !== 0) throw new Error(`${bundle} did not stop cleanly (code ${String(code)}, signal ${String(signal)}):\n${output}`);
    },
  };
  try {
    await waitForHealth(started);
  } catch (error) {
    await started.kill();
    throw error;
  }
  return started;
}

async function waitForHealth(started: BundleProcess): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (started.child.exitCode !== null) throw new Error(`process exited early:\n${started.output()}`);
    try {
      const response = await fetch(`${started.url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no /healthz after 60 s:\n${started.output()}`);
}
