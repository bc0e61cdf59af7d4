import { unstorableTextAt } from '@rpg-bot/contracts';

/** Largest stored envelope, as JSON (the CloudEvents advice, and the socket's frame limit). */
export const MAX_ENVELOPE_BYTES = 64 * 1024;

/**
 * True when some string (or key) in a JSON value could not be stored in jsonb (NUL, lone
 * surrogates). Socket frames reach the service without `jsonBody`, which checks HTTP bodies.
 */
export function hasUnstorableText(value: unknown): boolean {
  return unstorableTextAt(value) !== undefined;
}

/** A plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
