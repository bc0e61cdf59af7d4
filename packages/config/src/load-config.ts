import { z } from 'zod';
import { ConfigError } from './config-error';
import type { ConfigIssue } from './config-error';
import { describeValue } from './describe-value';
import type { VariableDefinition } from './variable';
import { variables } from './variables';

type Variables = typeof variables;

type ParsedConfig = {
  readonly [K in keyof Variables]: Variables[K] extends VariableDefinition<infer T> ? T : never;
};

/**
 * The parsed settings, one field per variable in {@link configVariables}. `authDevLogin` always
 * has a value: its default depends on other variables (see {@link defaultDevLogin}).
 */
export type Config = Omit<ParsedConfig, 'authDevLogin'> & { readonly authDevLogin: boolean };

/** The environment as `process.env` holds it; unknown variables are ignored. */
export type Environment = Readonly<Record<string, string | undefined>>;

const definitions: readonly (readonly [keyof Config, VariableDefinition<unknown>])[] = Object.entries(variables).map(
  ([key, definition]) => [key as keyof Config, definition],
);

/** Unset, empty and whitespace-only all mean "use the default": `PORT=` in a .env file should not be an error. */
function normalize(raw: string | undefined, fallback: string | undefined): string | undefined {
  const trimmed = raw?.trim();
  return trimmed === undefined || trimmed === '' ? fallback : trimmed;
}

/**
 * One zod object schema over every variable, keyed by the variable's name. Each field sees the
 * trimmed value or its default; unknown keys are stripped.
 */
export const environmentSchema = z.object(
  Object.fromEntries(
    definitions.map(([, definition]) => [
      definition.name,
      z.preprocess((raw) => normalize(typeof raw === 'string' ? raw : undefined, definition.default), definition.schema),
    ]),
  ),
);

function issueLine(definition: VariableDefinition<unknown>, value: string, requirement: string): string {
  const unset = definition.default === undefined ? 'or unset it' : `or unset it to use the default ${JSON.stringify(definition.default)}`;
  return (
    `Invalid configuration: ${definition.name} ${requirement} (got ${describeValue(value, definition.secret)}). ` +
    `Fix: set ${definition.name} to a value like ${definition.example}, ${unset}.`
  );
}

/**
 * Parses and validates every setting once, at start-up.
 *
 * @throws {ConfigError} naming each bad variable, what is wrong, the value's form and the fix.
 * @example
 * const config = loadConfig(process.env);
 * config.port; // 8787 unless PORT says otherwise
 */
export function loadConfig(env: Environment): Config {
  const input = Object.fromEntries(definitions.map(([, definition]) => [definition.name, env[definition.name]]));
  const result = environmentSchema.safeParse(input);
  if (!result.success) {
    const issues: ConfigIssue[] = [];
    for (const [, definition] of definitions) {
      const first = result.error.issues.find((issue) => issue.path[0] === definition.name);
      if (first === undefined) continue;
      const value = normalize(env[definition.name], definition.default) ?? '';
      issues.push({ variable: definition.name, message: issueLine(definition, value, first.message) });
    }
    throw new ConfigError(issues);
  }
  const parsed: Record<string, unknown> = result.data;
  // The schema was built from `variables`, so each field has the type ParsedConfig declares for it.
  const config = Object.fromEntries(definitions.map(([key, definition]) => [key, parsed[definition.name]])) as ParsedConfig;
  if (config.metricsPort !== undefined && config.metricsPort !== 0 && config.metricsPort === config.port) {
    throw new ConfigError([
      {
        variable: 'METRICS_PORT',
        message:
          `Invalid configuration: METRICS_PORT must differ from PORT (both are ${String(config.port)}). ` +
          'Fix: set METRICS_PORT to another port, like 9464, or unset it to serve /metrics on PORT.',
      },
    ]);
  }
  return Object.freeze({ ...config, authDevLogin: config.authDevLogin ?? defaultDevLogin(config) });
}

/**
 * Development login is on by default only where it cannot be reached from outside and no real
 * login exists: no Telegram bot configured and listening on a loopback address.
 */
export function defaultDevLogin(config: Pick<Config, 'telegramBotToken' | 'host'>): boolean {
  return config.telegramBotToken === undefined && isLoopback(config.host);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
