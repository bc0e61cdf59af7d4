import type { TokenService } from '@rpg-bot/auth';
import type { AppEnv } from '@rpg-bot/http';
import { closeCodes } from '@rpg-bot/sync-protocol';
import type { Hono } from 'hono';
import type { UserStore } from '../auth';
import type { CampaignRole } from '@rpg-bot/contracts';
import { admittedSocketRoute } from '../websocket/admitted-socket-route';
import { bufferedBytesOf } from '../websocket/buffered-bytes';
import { PartyConnection } from './party-connection';
import type { IncomingFrame, PartyConnectionDeps } from './party-connection';
import type { PartyMetrics } from './party-metrics';
import type { PartyRooms } from './party-rooms';

export interface PartySocketRouteOptions {
  readonly rooms: PartyRooms;
  readonly tokens: TokenService;
  readonly users: Pick<UserStore, 'find'>;
  readonly roleOf: (campaignId: string, userId: string) => Promise<CampaignRole | undefined>;
  readonly metrics: PartyMetrics;
  /** What each connection needs (publishing, role checks, limits, clock). */
  readonly connection: PartyConnectionDeps;
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
 * text frames, see contracts/events/party-server-frame.json). Admission (token, membership — any
 * role may read —, close codes 4401/4403) is the relay's one socket admission (`src/websocket/`);
 * a refused socket receives no event.
 */
export function partySocketRoute(options: PartySocketRouteOptions): Hono<AppEnv> {
  return admittedSocketRoute<CampaignRole>({
    path: '/v1/party/:campaignId',
    component: 'party',
    tokens: options.tokens,
    users: options.users,
    grant: (campaignId, session) => options.roleOf(campaignId, session.userId),
    refused: ({ refuse }) => {
      options.metrics.rejected.inc({ reason: refuse === closeCodes.Forbidden ? 'not_member' : 'unauthorized' });
    },
    open: ({ resourceId: campaignId, session: claims, logger }, c) => {
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
      };
    },
  });
}
