import type { AppEnv } from '@rpg-bot/http';
import { ApiError, jsonBody } from '@rpg-bot/http';
import type { Validator } from '@rpg-bot/contracts';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import type { AuthEnv } from '../auth';
import type { CampaignRole } from '@rpg-bot/contracts';
import { validPathIds } from '../path-ids';
import { isJsonObject } from './envelope-checks';
import type { PartyService, PublishOutcome } from './party-service';

export interface PartyRoutesOptions {
  readonly service: Pick<PartyService, 'read' | 'publish'>;
  readonly roleOf: (campaignId: string, userId: string) => Promise<CampaignRole | undefined>;
  /** `bearerAuth(…)`. */
  readonly auth: MiddlewareHandler<AuthEnv>;
}

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 500;

// Any JSON object: the event is checked by the party service after the relay stamps it.
const anyObject: Validator<Record<string, unknown>> = (input) =>
  isJsonObject(input) ? { ok: true, value: input } : { ok: false, issues: [{ path: '', message: 'must be of type object' }] };

const noSuchCampaign = () => new ApiError('not_found', 'No such campaign, or you are not a member of it.');

/** A non-negative integer query parameter, or the default when absent. */
function integerParam(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const message = `must be an integer from ${String(min)} to ${String(max)}`;
    throw new ApiError('validation_failed', `Query parameter ${name} ${message}.`, { details: { issues: [{ path: `/${name}`, message }] } });
  }
  return parsed;
}

/** The HTTP status of a refusal: schema-like problems 400, permission problems 403. */
function refusal(outcome: Extract<PublishOutcome, { ok: false }>): ApiError {
  switch (outcome.code) {
    case 'read_only':
    case 'forbidden_event_type':
      return new ApiError('forbidden', outcome.message, { details: { reason: outcome.code } });
    case 'rate_limited':
      return new ApiError('rate_limited', outcome.message, { headers: { 'Retry-After': '1' } });
    default:
      return new ApiError('validation_failed', outcome.message, {
        details: { issues: outcome.issues ?? [{ path: '', message: outcome.message }] },
      });
  }
}

/** `GET` and `POST /v1/campaigns/{id}/events`: the party stream over HTTP. */
export function partyRoutes({ service, roleOf, auth }: PartyRoutesOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/v1/campaigns/:campaignId/events', auth, validPathIds, async (c) => {
    const campaignId = c.req.param('campaignId');
    if ((await roleOf(campaignId, c.get('session').userId)) === undefined) throw noSuchCampaign();
    const since = integerParam(c.req.query('since'), 'since', 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = integerParam(c.req.query('limit'), 'limit', DEFAULT_PAGE_LIMIT, 1, MAX_PAGE_LIMIT);
    const page = await service.read(campaignId, since, limit);
    return c.json(
      {
        events: page.events.map((event) => event.envelope),
        headSeq: page.headSeq,
        firstRetainedSeq: page.firstRetainedSeq,
        gap: since + 1 < page.firstRetainedSeq,
      },
      200,
    );
  });

  app.post('/v1/campaigns/:campaignId/events', auth, validPathIds, jsonBody(anyObject), async (c) => {
    const campaignId = c.req.param('campaignId');
    const { userId, name } = c.get('session');
    const role = await roleOf(campaignId, userId);
    if (role === undefined) throw noSuchCampaign();
    const outcome = await service.publish(campaignId, { userId, name, role }, c.get('body'));
    if (!outcome.ok) throw refusal(outcome);
    c.get('log').info({ userId, campaignId, seq: outcome.seq, duplicate: outcome.duplicate }, 'party event published');
    return c.json({ id: outcome.id, seq: outcome.seq, duplicate: outcome.duplicate, events: outcome.events }, 200);
  });

  return app;
}
