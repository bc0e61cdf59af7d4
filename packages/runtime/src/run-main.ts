import { ConfigError, loadConfig } from '@rpg-bot/config';
import type { Config } from '@rpg-bot/config';
import { bootStack } from './boot';
import type { BootOptions, RunningStack } from './boot';

export interface MainOptions extends Omit<BootOptions, 'config'> {
  /** Extra start-up checks on the parsed config (e.g. "this service needs DATABASE_URL"); return an error message or null. */
  readonly requireConfig?: (config: Config) => string | null;
}

/**
 * Entry point shared by every `main.ts`: parse the environment (a bad value stops start-up with one
 * clear message and exit code 1), boot, and shut down cleanly on SIGINT/SIGTERM.
 */
export async function runMain(options: MainOptions, env: NodeJS.ProcessEnv = process.env): Promise<RunningStack | null> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
      return null;
    }
    throw error;
  }
  const problem = options.requireConfig?.(config) ?? null;
  if (problem !== null) {
    process.stderr.write(`Invalid configuration: ${problem}\n`);
    process.exitCode = 1;
    return null;
  }

  const stack = await bootStack({ ...options, config });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      stack.logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    stack.logger.info({ signal }, 'shutting down');
    stack.close().then(
      () => {
        process.exitCode = 0;
        // Everything we own is closed; a stray handle in a dependency must not keep the process alive.
        setTimeout(() => process.exit(), 2000).unref();
      },
      (error: unknown) => {
        stack.logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return stack;
}
