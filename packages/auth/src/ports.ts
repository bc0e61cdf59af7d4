/** Milliseconds since the Unix epoch, like `Date.now`; injected so tests control time. */
export type Clock = () => number;

/**
 * The few logger methods this package calls. A pino logger (`@rpg-bot/observability`) fits;
 * nothing secret is ever passed to it.
 */
export interface AuthLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}
