import { DatabaseError } from './errors';

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * LISTEN folds unquoted names to lower case while pg_notify does not, and PGlite does not quote
 * channel names; allowing only lower-case identifiers makes every spelling mean the same channel.
 */
export function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel)) {
    throw new DatabaseError(
      `Invalid channel name ${JSON.stringify(channel)}: use a lower-case identifier ([a-z_][a-z0-9_]*, at most 63 characters)`,
    );
  }
}

/** Quotes an identifier for SQL (channel names, database names). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
