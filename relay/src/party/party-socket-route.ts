import { upgradeWebSocket } from '@hono/node-server';
import type { WebSocketLike } from '@hono/node-server';
import { isAuthError } from '@rpg-bot/auth';
import type { SessionClaims, TokenService } from '@rpg-bot/auth';
import { ApiError } from '@rpg-bot/http';
import type { AppEnv } from '@rpg-bot/http';
import { closeCodes } from '@rpg-bot/sync-protocol';
import type { CloseCodeInfo } from '@rpg-bot/sync-protocol';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { WSEvents } from 'hono/ws';
import type { UserStore } from '../auth';
import type { MemberRole } from '../campaigns';
import { bufferedBytesOf } from '../websocket/buffered-bytes';
import { PartyConnection } from './party-connection';
import type { IncomingFrame, PartyConnectionDeps } from './party-connection';
import type { PartyMetrics } from './party-metrics';
import type { PartyRooms } from './party-rooms';

export interface PartySocketRouteOptions {
  readonly rooms: PartyRooms;
  readonly tokens: TokenService;
  readonly users: Pick<UserStore, 'find'>;
  readonly roleOf: (campaignId: string, userId: string) => Promise<MemberRole | undefined>;
  readonly metrics: PartyMetrics;
  /** What each connection needs (publishing, role checks, limits, clock). */
  readonly connection: PartyConnectionDeps;
}

type Admission = { readonly refuse: CloseCodeInfo; readonly why: string } | { readonly claims: SessionClaims };

/** Token check as bearerAuth does it, then membership (any role may read). */
async function admit(options: PartySocketRouteOptions, campaignId: string, token: string | undefined): Promise<Admission> {
  if (token === undefined || token === '') return { refuse: closeCodes.Unauthorized, why: 'no token' };
  let claims: SessionClaims;
  try {
    claims = await options.tokens.verify(token);
  } catch (error) {
    if (!isAuthError(error)) throw error;
    return { refuse: closeCodes.Unauthorized, why: error.code };
  }
  if ((await options.users.find(claims.userId)) === undefined) return { refuse: closeCodes.Unauthorized, why: 'unknown user' };
  if ((await options.roleOf(campaignId, claims.userId)) === undefined) return { refuse: closeCodes.Forbidden, why: 'not a member' };
  return { claims };
}

/** `since` from the query: a non-negative integer, anything else counts as 0 (replay everything retained). */
function sinceOf(value: string | undefined): number {
  const parsed = value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : 0;
  return Number.isSafeInteger(parsed) ? parsed : 0;
}

/** A frame as ws hands it to hono: text arrives as a string, binary as an ArrayBuffer (or Blob). */
function incoming(data: unknown): IncomingFrame {
  if (typeof data === 'string') return { text: data };
  if (data instanceof ArrayBuffer) return { binaryBytes: data.byteLength };
  if (data instanceof Blob) return { binaryBytes: data.size };
  return { binaryBytes: 0 };
}

/**
 * `GET /v1/party/{campaignId}?token=…&since=N`: the WebSocket of a campaign's party events (JSON
 * text frames, see contracts/events/party-server-frame.json). Refusals happen after the
 * handshake, as close codes a browser can read (4401, 4403); a refused socket receives no event.
 * The token is a query parameter because browsers cannot set WebSocket headers; the access log
 * redacts it.
 */
export function partySocketRoute(options: PartySocketRouteOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get(
    '/v1/party/:campaignId',
    upgradeWebSocket(async (c: Context<AppEnv>): Promise<WSEvents<WebSocketLike>> => {
      // Always set on this route; the typed Context of a middleware cannot know that.
      const campaignId = c.req.param('campaignId') ?? '';
      const logger = c.get('log').child({ component: 'party', campaignId });
      const admission = await admit(options, campaignId, c.req.query('token'));
      if ('refuse' in admission) {
        options.metrics.rejected.inc({ reason: admission.refuse === closeCodes.Forbidden ? 'not_member' : 'unauthorized' });
        logger.info({ close: admission.refuse.code, why: admission.why }, 'party connection refused');
        return {
          onOpen: (_event, ws) => {
            ws.close(admission.refuse.code, admission.refuse.reason);
          },
        };
      }
      const { claims } = admission;
      const since = sinceOf(c.req.query('since'));
      let connection: PartyConnection | undefined;
      return {
        onOpen: (_event, ws) => {
          const session = {
            campaignId,
            userId: claims.userId,
            name: claims.name,
            sessionId: claims.sessionId,
            expiresAt: claims.expiresAt,
            logger: logger.child({ userId: claims.userId }),
          };
          connection = new PartyConnection(
            {
              send: (text) => {
                ws.send(text);
              },
              close: (code, reason) => {
                ws.close(code, reason);
              },
              bufferedBytes: () => bufferedBytesOf(ws),
            },
            session,
            options.connection,
          );
          options.rooms.join(connection, since);
        },
        // Typed structurally: hono's MessageEvent is a DOM type this Node build does not declare.
        onMessage: (event: { readonly data: unknown }) => {
          connection?.receive(incoming(event.data));
        },
        onClose: () => {
          if (connection === undefined) return;
          connection.closed();
          options.rooms.leave(connection);
        },
        onError: (event) => {
          logger.warn({ err: 'error' in event ? event.error : undefined }, 'party socket error');
        },
      };
    }),
    () => {
      throw new ApiError('bad_request', 'GET /v1/party/{campaignId} is a WebSocket endpoint: send an Upgrade: websocket request.');
    },
  );
  return app;
}
