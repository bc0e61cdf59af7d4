/**
 * Object keys whose values are secrets wherever they appear in a log record. pino's redaction
 * matches exact key names, so the usual spellings are listed rather than a pattern.
 */
export const secretKeys: readonly string[] = [
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'Set-Cookie',
  'x-api-key',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'jwt',
  'initData',
  'init_data',
  'initDataRaw',
  'tgWebAppData',
  'password',
  'passwd',
  'secret',
  'clientSecret',
  'client_secret',
  'apiKey',
  'api_key',
  'privateKey',
  'private_key',
  'databaseUrl',
  'DATABASE_URL',
  'connectionString',
];

/** How deep below the top of a log record secrets are looked for (`req.headers.authorization` is depth 2). */
const MAX_DEPTH = 3;

function accessor(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** pino redact paths for every secret key at depths 0..MAX_DEPTH (`token`, `*.token`, `*.*.token`, …). */
export function redactPaths(): string[] {
  const paths: string[] = [];
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const prefix = Array.from({ length: depth }, () => '*').join('.');
    for (const key of secretKeys) {
      const path = `${prefix}${accessor(key)}`;
      paths.push(path.startsWith('.') ? path.slice(1) : path);
    }
  }
  return paths;
}

/**
 * Query/fragment parameter names whose values are credentials (JWTs on WebSocket URLs, Telegram
 * initData, OAuth codes, invite codes: `startapp` / `tgWebAppStartParam` carry one into the Mini App).
 */
const SECRET_PARAM = /token|secret|passw|initdata|tgwebappdata|api_?key|^auth(orization)?$|^jwt$|^key$|^sig(nature)?$|^code$|^startapp$|^tgwebappstartparam$/i;

/**
 * Path segments whose next segment is a credential: an invite code (`/v1/invites/{code}/accept`,
 * `/v1/campaigns/{id}/invites/{code}`, the web app's `/invite/{code}`) lets anyone join the campaign.
 */
const SECRET_AFTER_SEGMENT = /^invites?$/i;

/** `scheme://authority` of an absolute URL: not path segments. */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i;

function redactPath(base: string): string {
  const origin = ORIGIN.exec(base)?.[0] ?? '';
  const segments = base.slice(origin.length).split('/');
  return (
    origin +
    segments
      .map((segment, index) => {
        const previous = index > 0 ? segments[index - 1] : undefined;
        return previous !== undefined && segment !== '' && SECRET_AFTER_SEGMENT.test(decodeName(previous)) ? '[REDACTED]' : segment;
      })
      .join('/')
  );
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

function redactParams(params: string): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return eq !== -1 && SECRET_PARAM.test(decodeName(name)) ? `${name}=[REDACTED]` : pair;
    })
    .join('&');
}

/**
 * Replaces the values of secret query (and fragment) parameters, and invite codes in the path,
 * with `[REDACTED]`, leaving the rest of the URL as it was. Works on absolute URLs and on paths
 * like `/v1/sync?token=…`.
 *
 * @example redactUrl('/v1/sync?room=a&token=eyJ…') // '/v1/sync?room=a&token=[REDACTED]'
 * @example redactUrl('/v1/invites/Zm9v…/accept') // '/v1/invites/[REDACTED]/accept'
 */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? undefined : url.slice(hashAt + 1);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? undefined : beforeHash.slice(queryAt + 1);
  return (
    redactPath(base) + (query === undefined ? '' : `?${redactParams(query)}`) + (fragment === undefined ? '' : `#${redactParams(fragment)}`)
  );
}
