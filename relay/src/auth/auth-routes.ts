import { randomUUID } from 'node:crypto';
import { isAuthError, validateTelegramInitData } from '@rpg-bot/auth';
import type { IssuedToken } from '@rpg-bot/auth';
import type { Config } from '@rpg-bot/config';
import type { Session } from '@rpg-bot/contracts';
import { validators } from '@rpg-bot/contracts';
import type { AppEnv } from '@rpg-bot/http';
import { ApiError, jsonBody } from '@rpg-bot/http';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { bearerAuth, unauthorized } from '@rpg-bot/access';
import type { TokenService } from '@rpg-bot/auth';
import type { SessionRevocations } from './session-revocations';
import type { RelayUser, UserStore } from './user-store';

/** Phones drift; initData dated up to this far ahead is still accepted. */
const INIT_DATA_CLOCK_SKEW_SECONDS = 60;

export type AuthSettings = Pick<Config, 'telegramBotToken' | 'telegramBotId' | 'authMaxAge' | 'authDevLogin'>;

export interface AuthRoutesOptions {
  readonly settings: AuthSettings;
  readonly users: UserStore;
  readonly tokens: TokenService;
  readonly clock: () => number;
  /** Enables `POST /v1/auth/logout` (revokes the caller's session); pass the same store `refuseRevokedTokens` checks. */
  readonly revocations?: Pick<SessionRevocations, 'revoke'>;
}

function sessionBody(issued: IssuedToken, user: RelayUser): Session {
  return { token: issued.token, expiresAt: issued.expiresAt.toISOString(), user: { id: user.id, name: user.name } };
}

/** 404 before the body is even read, so a disabled route looks like no route, with a message saying why. */
function enabledWhen(enabled: boolean, message: string): MiddlewareHandler<AppEnv> {
  return async (_c, next) => {
    if (!enabled) throw new ApiError('not_found', message);
    await next();
  };
}

/**
 * `POST /v1/auth/telegram`, `POST /v1/auth/dev` and `POST /v1/auth/refresh`: exchange proof of
 * identity for a session token (see `contracts/jsonschema/session.json`); refresh continues the
 * token's session; `POST /v1/auth/logout` revokes the caller's session, every token of it.
 */
export function authRoutes({ settings, users, tokens, clock, revocations }: AuthRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { telegramBotToken: botToken } = settings;

  app.post(
    '/v1/auth/telegram',
    enabledWhen(botToken !== undefined, 'Telegram login is not configured on this server (TELEGRAM_BOT_TOKEN is unset).'),
    jsonBody(validators.telegramAuthRequest),
    async (c) => {
      if (botToken === undefined) throw new Error('unreachable: guarded by enabledWhen');
      let identity;
      try {
        identity = await validateTelegramInitData(c.get('body').initData, {
          botToken,
          ...(settings.telegramBotId === undefined ? {} : { botId: settings.telegramBotId }),
          maxAgeSeconds: settings.authMaxAge,
          clockSkewSeconds: INIT_DATA_CLOCK_SKEW_SECONDS,
          now: clock,
        });
      } catch (error) {
        if (!isAuthError(error)) throw error;
        // The code is safe to log; initData never is.
        c.get('log').info({ authError: error.code }, 'telegram initData rejected');
        throw unauthorized(error.code === 'init_data_expired' ? 'The Telegram login data has expired; reopen the app.' : 'The Telegram login data is not valid.');
      }
      const user = { id: identity.userId, name: identity.name };
      await users.upsert(user);
      const issued = await tokens.issue({ userId: user.id, name: user.name });
      c.get('log').info({ userId: user.id, jti: issued.jti, sessionId: issued.sessionId }, 'signed in with telegram');
      return c.json(sessionBody(issued, user), 200);
    },
  );

  app.post(
    '/v1/auth/dev',
    enabledWhen(settings.authDevLogin, 'Development login is off on this server (AUTH_DEV_LOGIN).'),
    jsonBody(validators.devLoginRequest),
    async (c) => {
      const user = { id: `dev:${randomUUID()}`, name: c.get('body').name };
      await users.upsert(user);
      const issued = await tokens.issue({ userId: user.id, name: user.name });
      c.get('log').info({ userId: user.id, jti: issued.jti, sessionId: issued.sessionId }, 'signed in with development login');
      return c.json(sessionBody(issued, user), 200);
    },
  );

  app.post('/v1/auth/refresh', bearerAuth(tokens, users), async (c) => {
    const { userId, jti, sessionId } = c.get('session');
    // bearerAuth checked the user exists; the name is read again so a renamed user's token follows.
    const user = await users.find(userId);
    if (user === undefined) throw unauthorized('The user of this session no longer exists; sign in again.', 'invalid_token');
    // The same session: a logout with any token of the chain ends every one of them.
    const issued = await tokens.issue({ userId: user.id, name: user.name }, { sessionId });
    c.get('log').info({ userId, previousJti: jti, jti: issued.jti, sessionId }, 'session refreshed');
    return c.json(sessionBody(issued, user), 200);
  });

  app.post(
    '/v1/auth/logout',
    enabledWhen(revocations !== undefined, 'Signing out is not available on this server.'),
    bearerAuth(tokens, users),
    async (c) => {
      if (revocations === undefined) throw new Error('unreachable: guarded by enabledWhen');
      const session = c.get('session');
      // The whole session (every token refreshed from the same sign-in) is refused everywhere from
      // now on, and its open sync and party sockets close with 4401.
      await revocations.revoke(session);
      c.get('log').info({ userId: session.userId, jti: session.jti, sessionId: session.sessionId }, 'signed out');
      return c.body(null, 204);
    },
  );

  return app;
}
