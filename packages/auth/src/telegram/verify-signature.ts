import { timingSafeEqual } from 'node:crypto';
import { signData, validate3rd } from '@telegram-apps/init-data-node';

/**
 * Telegram's data-check-string: every field but `hash` as `key=value`, sorted, joined by "\n".
 * Sorting whole lines matches sorting by key because "=" sorts before every key character.
 */
function dataCheckString(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([key]) => key !== 'hash')
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join('\n');
}

/**
 * The library computes the HMAC, but its `validate` compares with `!==`; comparing here in
 * constant time keeps response timing from revealing how much of a forged hash was right.
 */
function hasValidHash(params: URLSearchParams, botToken: string): boolean {
  const hash = params.get('hash');
  if (hash === null || !/^[0-9a-f]{64}$/.test(hash)) return false;
  const expected = signData(dataCheckString(params), botToken);
  return timingSafeEqual(Buffer.from(hash, 'hex'), Buffer.from(expected, 'hex'));
}

/**
 * Whether initData carries a valid Telegram signature: the bot-token HMAC (`hash`) or, when the
 * bot id is known, the Ed25519 third-party `signature` made with Telegram's public key.
 *
 * Expiry is switched off in the library (`expiresIn: 0`) because it reads the wall clock; the
 * caller checks `auth_date` against the injected clock instead.
 */
export async function hasValidTelegramSignature(
  params: URLSearchParams,
  botToken: string,
  botId: number | undefined,
): Promise<boolean> {
  if (hasValidHash(params, botToken)) return true;
  if (botId === undefined || !params.has('signature')) return false;
  try {
    await validate3rd(params, botId, { expiresIn: 0 });
    return true;
  } catch {
    return false;
  }
}
