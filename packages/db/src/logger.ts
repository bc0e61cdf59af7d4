/**
 * The logger this package writes to: a structural subset of pino, so a pino logger (or a child of
 * one) fits. The package never logs statement parameters (they can be secrets).
 */
export interface DbLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const ignore = (): void => undefined;

/** Writes nothing; the default when no logger is given. */
export const silentLogger: DbLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
