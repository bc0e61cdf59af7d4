import { AuthError } from '../auth-error';
import type { Clock } from '../ports';
import { parseTelegramUser } from './telegram-user';
import { hasValidTelegramSignature } from './verify-signature';

/** Who Telegram says opened the Mini App. */
export interface TelegramIdentity {
  /** Telegram user id, as a decimal string (ids exceed 32 bits). */
  readonly userId: string;
  /** First and last name, or the username when the user has no name. */
  readonly name: string;
  readonly username?: string;
  readonly languageCode?: string;
  /** When Telegram signed the data (`auth_date`). */
  readonly authDate: Date;
  /** The `startapp` parameter of the link that opened the Mini App, if any. */
  readonly startParam?: string;
}

/** Options of {@link validateTelegramInitData}. */
export interface TelegramValidationOptions {
  /** The bot's token from @BotFather; the HMAC key is derived from it. */
  readonly botToken: string;
  /** The bot's numeric id; when set, the Ed25519 `signature` (third-party validation) is also accepted. */
  readonly botId?: number;
  /** Oldest `auth_date` accepted, in seconds before now. */
  readonly maxAgeSeconds: number;
  /** How far `auth_date` may lie in the future (the client's clock is not ours). */
  readonly clockSkewSeconds: number;
  readonly now: Clock;
}

/** Real initData is well under 4 KiB; the cap keeps hostile input from costing much. */
const MAX_INIT_DATA_LENGTH = 16 * 1024;

function invalid(reason: string): AuthError {
  return new AuthError('init_data_invalid', `Telegram init data rejected: ${reason}`);
}

function checkOptions(options: TelegramValidationOptions): void {
  if (options.botToken === '') throw new TypeError('botToken must not be empty');
  if (!(options.maxAgeSeconds > 0)) throw new RangeError('maxAgeSeconds must be positive');
  if (!(options.clockSkewSeconds >= 0)) throw new RangeError('clockSkewSeconds must not be negative');
  if (options.botId !== undefined && !(Number.isSafeInteger(options.botId) && options.botId > 0)) {
    throw new RangeError('botId must be a positive integer');
  }
}

function parseParams(initData: string): URLSearchParams {
  if (initData === '' || initData.length > MAX_INIT_DATA_LENGTH) throw invalid('empty or too long');
  const params = new URLSearchParams(initData);
  const keys = [...params.keys()];
  // A repeated key would let the signed data and the data we read disagree.
  if (new Set(keys).size !== keys.length) throw invalid('a field appears twice');
  return params;
}

function readAuthDate(params: URLSearchParams): Date {
  const raw = params.get('auth_date');
  if (raw === null || !/^\d{1,12}$/.test(raw)) throw invalid('"auth_date" is missing or not a Unix time');
  return new Date(Number(raw) * 1000);
}

function checkAge(authDate: Date, options: TelegramValidationOptions): void {
  const nowMs = options.now();
  const ageMs = nowMs - authDate.getTime();
  if (ageMs > options.maxAgeSeconds * 1000) {
    throw new AuthError('init_data_expired', 'Telegram init data is too old; reopen the Mini App');
  }
  if (-ageMs > options.clockSkewSeconds * 1000) {
    throw new AuthError('init_data_from_future', 'Telegram init data is dated in the future');
  }
}

/**
 * Validates the raw `initData` string a Telegram Mini App sends, as Telegram documents it: the
 * `hash` must equal HMAC-SHA256(data-check-string, HMAC-SHA256("WebAppData", botToken)); when
 * `botId` is given, a valid Ed25519 `signature` by Telegram is accepted too. Then `auth_date` must
 * be no older than `maxAgeSeconds` and no further ahead than `clockSkewSeconds`, and `user` must
 * be a user with an id and a name.
 *
 * The signature is checked before anything else, so unsigned input never reaches the parsers.
 *
 * @throws {AuthError} `init_data_invalid`, `init_data_expired` or `init_data_from_future`.
 * @throws {TypeError | RangeError} when the options themselves are wrong (a programming error).
 */
export async function validateTelegramInitData(
  initData: string,
  options: TelegramValidationOptions,
): Promise<TelegramIdentity> {
  checkOptions(options);
  const params = parseParams(initData);
  if (!(await hasValidTelegramSignature(params, options.botToken, options.botId))) {
    throw invalid('missing or wrong signature (tampered, or meant for another bot)');
  }
  const authDate = readAuthDate(params);
  checkAge(authDate, options);
  const user = parseTelegramUser(params.get('user'));
  const startParam = params.get('start_param');
  return {
    ...user,
    authDate,
    ...(startParam === null || startParam === '' ? {} : { startParam }),
  };
}
