import { createHmac } from 'node:crypto';

/** A Telegram `user` object as it appears (snake_case JSON) inside initData. */
export interface TelegramTestUser {
  readonly id: number;
  readonly first_name?: string;
  readonly last_name?: string;
  readonly username?: string;
  readonly language_code?: string;
  readonly [field: string]: unknown;
}

/** Options of {@link signTelegramInitData}. */
export interface SignTelegramInitDataOptions {
  readonly botToken: string;
  /**
   * Serialised with `JSON.stringify` into the `user` field; a string is used as is and `null`
   * leaves the field out (both for tests of malformed but signed data).
   */
  readonly user: TelegramTestUser | string | null;
  readonly authDate: Date;
  /**
   * More fields (`query_id`, `start_param`, `chat_type`, `signature` …), all covered by the hash.
   * They replace `auth_date`/`user` of the same name, for tests of malformed but signed data.
   */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * Produces initData signed the way Telegram signs it, written from Telegram's documentation and
 * not with the validating library, so tests check the library against the spec:
 * data-check-string = every field except `hash` as `key=value`, sorted by key, joined by "\n";
 * secret = HMAC-SHA256(key "WebAppData", message botToken); hash = hex HMAC-SHA256(secret, data-check-string).
 */
export function signTelegramInitData(options: SignTelegramInitDataOptions): string {
  const { user } = options;
  const fields: Record<string, string> = {
    auth_date: String(Math.floor(options.authDate.getTime() / 1000)),
    ...(user === null ? {} : { user: typeof user === 'string' ? user : JSON.stringify(user) }),
    ...options.extra,
  };
  const dataCheckString = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key] ?? ''}`)
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(options.botToken).digest();
  const hash = createHmac('sha256', secret).update(dataCheckString).digest('hex');
  return new URLSearchParams({ ...fields, hash }).toString();
}
