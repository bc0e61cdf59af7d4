import { ApiError } from '@rpg-bot/http';
import type { MiddlewareHandler } from 'hono';

/** What the relay's ids look like, by the name of the path parameter that carries one. */
interface IdFormat {
  readonly pattern: RegExp;
  /** For the error message: "must be …". */
  readonly what: string;
}

// Campaign and doc ids are `crypto.randomUUID()`; invite codes 16 random bytes in base64url;
// user ids a Telegram id (a positive integer) or `dev:<uuid>` (development login).
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const formats: Readonly<Record<string, IdFormat>> = {
  campaignId: { pattern: new RegExp(`^${UUID}$`, 'i'), what: 'a campaign id (a UUID)' },
  docId: { pattern: new RegExp(`^${UUID}$`, 'i'), what: 'a document id (a UUID)' },
  code: { pattern: /^[A-Za-z0-9_-]{22}$/, what: 'an invite code (22 base64url characters)' },
  userId: { pattern: new RegExp(`^(?:[1-9][0-9]{0,19}|dev:${UUID})$`, 'i'), what: 'a user id (a Telegram id or dev:<uuid>)' },
};

/**
 * Route middleware: every path parameter named like one of the relay's ids (`campaignId`, `docId`,
 * `code`, `userId`) must have that id's format, else 400 `bad_request` with `details.parameter`
 * — before any store sees it. Parameters of other names (`seq`) are the route's to parse. A
 * well-formed id that matches nothing stays the route's 404, so existence is not revealed.
 * Put it after `bearerAuth`, so that a caller without a session gets 401 first.
 */
export const validPathIds: MiddlewareHandler = async (c, next) => {
  // Untyped here (a middleware knows no route pattern): every value hono decoded is a string.
  const params: Readonly<Record<string, unknown>> = c.req.param();
  for (const [parameter, value] of Object.entries(params)) {
    const format = formats[parameter];
    if (format !== undefined && !(typeof value === 'string' && format.pattern.test(value))) {
      throw new ApiError('bad_request', `The path parameter ${parameter} must be ${format.what}.`, { details: { parameter } });
    }
  }
  await next();
};
