import { z } from 'zod';

/**
 * Builders for the string → value schemas of single environment variables. Each sets its own
 * error message, phrased to follow the variable name ("PORT must be …"), because zod's generic
 * messages do not tell an operator what to type instead.
 */

/** A whole number in `[min, max]`, written in decimal digits only (no `1e3`, no `0x10`). */
export function integer(min: number, max: number): z.ZodType<number, string> {
  const requirement = `must be an integer from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d+$/, { error: requirement })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: requirement }).max(max, { error: requirement }));
}

/** A decimal number greater than zero and at most `max` (rates may be fractional: 0.5 = one every two seconds). */
export function positiveNumber(max: number): z.ZodType<number, string> {
  const requirement = `must be a number greater than 0 and at most ${max}`;
  return z
    .string()
    .regex(/^\d+(\.\d+)?$/, { error: requirement })
    .transform(Number)
    .pipe(z.number().gt(0, { error: requirement }).max(max, { error: requirement }));
}

/** `1`/`true` or `0`/`false`; nothing else, so a typo like `yes` or `off` is caught rather than guessed. */
export function flag(): z.ZodType<boolean, string> {
  return z
    .enum(['1', '0', 'true', 'false'], { error: 'must be 1, 0, true or false' })
    .transform((value) => value === '1' || value === 'true');
}

/** One of a closed set of words. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodType<T[number], string> {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** A host name, IPv4 or IPv6 address to bind to. */
export function host(): z.ZodType<string, string> {
  return z.string().regex(/^[A-Za-z0-9.:-]+$/, { error: 'must be a host name or IP address such as 127.0.0.1 or 0.0.0.0' });
}

/** Any non-empty text (paths). Empty values never reach this: they mean "use the default". */
export function text(): z.ZodType<string, string> {
  return z.string().min(1, { error: 'must not be empty' });
}

/** A PostgreSQL connection URL. */
export function postgresUrl(): z.ZodType<string, string> {
  const requirement = 'must be a postgres:// or postgresql:// URL such as postgres://user:password@db.example.com:5432/rpgbot';
  return z.string().refine(
    (value) => {
      if (!URL.canParse(value)) return false;
      const { protocol } = new URL(value);
      return protocol === 'postgres:' || protocol === 'postgresql:';
    },
    { error: requirement },
  );
}

/** True when `value` is exactly an http(s) origin: scheme, host, optional port; no path, query or trailing slash. */
export function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
}

/** Comma-separated exact origins; empty = none. Wildcards are refused: an allow-list must be explicit. */
export function originList(): z.ZodType<readonly string[], string> {
  return z.string().transform((value, ctx) => {
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const bad = entries.find((entry) => !isOrigin(entry));
    if (bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a comma-separated list of origins like https://app.example.com (scheme, host and optional port; no path, no trailing slash, no wildcard), and ${JSON.stringify(bad)} is not one`,
      });
      return z.NEVER;
    }
    return [...new Set(entries)];
  });
}

/** A single http(s) origin (no path, no trailing slash). */
export function origin(): z.ZodType<string, string> {
  return z.string().refine(isOrigin, { error: 'must be an origin like https://app.example.com (scheme, host and optional port; no path, no trailing slash)' });
}

/** A Telegram bot username or Mini App short name: letters, digits and underscores, no leading @. */
export function telegramUsername(): z.ZodType<string, string> {
  return z.string().regex(/^[A-Za-z0-9_]{3,64}$/, { error: 'must be 3 to 64 letters, digits or underscores, without @' });
}

/**
 * A PEM private key. Only the armour is checked here; @rpg-bot/auth parses it at start-up and
 * refuses anything but Ed25519 PKCS#8. Escaped newlines (`\n`, as .env files and CI secrets often
 * hold them) are turned into real ones.
 */
export function ed25519Pem(): z.ZodType<string, string> {
  return z
    .string()
    .transform((value) => value.replaceAll('\\n', '\n'))
    .pipe(
      z.string().regex(/^-----BEGIN PRIVATE KEY-----\s[A-Za-z0-9+/=\s]+-----END PRIVATE KEY-----$/, {
        error: 'must be an Ed25519 private key in PKCS#8 PEM form (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----)',
      }),
    );
}

/**
 * A bearer token an operator chose (e.g. `openssl rand -hex 32`): 16 to 512 characters that can
 * travel in an `Authorization: Bearer` header unchanged (RFC 6750 token68).
 */
export function bearerSecret(): z.ZodType<string, string> {
  return z.string().regex(/^[A-Za-z0-9._~+/-]{16,512}=*$/, {
    error: 'must be 16 to 512 letters, digits or ._~+/- (e.g. the output of openssl rand -hex 32)',
  });
}
