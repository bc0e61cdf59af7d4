import { AuthError } from '../auth-error';

/** The parts of Telegram's `user` field a session needs. */
export interface TelegramUser {
  readonly userId: string;
  readonly name: string;
  readonly username?: string;
  readonly languageCode?: string;
}

function invalid(reason: string): AuthError {
  return new AuthError('init_data_invalid', `Telegram init data has an invalid "user" field: ${reason}`);
}

function optionalString(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`"${key}" is not a string`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the JSON `user` field of (already signature-checked) initData. Telegram ids exceed 32
 * bits, so the id travels as a string from here on and is never squeezed through an int column.
 */
export function parseTelegramUser(raw: string | null): TelegramUser {
  if (raw === null) throw invalid('missing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid('not JSON');
  }
  if (!isRecord(parsed)) throw invalid('not an object');
  const id = parsed.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) throw invalid('"id" is not a positive integer');
  const firstName = optionalString(parsed, 'first_name');
  const lastName = optionalString(parsed, 'last_name');
  const username = optionalString(parsed, 'username');
  const languageCode = optionalString(parsed, 'language_code');
  const fullName = [firstName, lastName]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' ');
  const name = fullName !== '' ? fullName : username?.trim();
  if (name === undefined || name === '') throw invalid('no name and no username');
  return {
    userId: String(id),
    name,
    ...(username === undefined || username === '' ? {} : { username }),
    ...(languageCode === undefined || languageCode === '' ? {} : { languageCode }),
  };
}
