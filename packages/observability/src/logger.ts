import { pino } from 'pino';
import type { DestinationStream, LevelWithSilent, Logger as PinoLogger } from 'pino';
import { redactPaths, redactUrl } from './secrets';

/** A structured JSON logger (pino). Narrow it per component with `logger.child({ … })`. */
export type Logger = PinoLogger;

/** Where log lines go: anything with `write(line)`. */
export type LogDestination = DestinationStream;

export interface LoggerOptions {
  /** Least severe level written; `silent` writes nothing. */
  readonly level: LevelWithSilent;
  /** Added to every line as `name` (the service). */
  readonly name?: string;
  /** Defaults to stdout; tests pass a capture (see {@link createLogCapture}). */
  readonly destination?: LogDestination;
  /** Fields on every line; replaces pino's default `pid`/`hostname`. */
  readonly base?: Readonly<Record<string, unknown>>;
}

const CENSOR = '[REDACTED]';

/**
 * Creates a JSON-lines logger with ISO timestamps and level names, which redacts secrets by key
 * (authorization, cookie, token, initData, password, secret, apiKey … up to three levels deep,
 * e.g. `req.headers.authorization`) and secret query parameters in a top-level `url`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const config = {
    level: options.level,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.base === undefined ? {} : { base: { ...options.base } }),
    redact: { paths: redactPaths(), censor: CENSOR },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: {
      err: pino.stdSerializers.err,
      url: (value: unknown) => (typeof value === 'string' ? redactUrl(value) : value),
    },
  };
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}
