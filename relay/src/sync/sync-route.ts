import { upgradeWebSocket } from '@hono/node-server';
import { isAuthError } from '@rpg-bot/auth';
import { ApiError } from '@rpg-bot/http';
import type { AppEnv } from '@rpg-bot/http';
import { closeCodes } from '@rpg-bot/sync-protocol';
import type { CloseCodeInfo } from '@rpg-bot/sync-protocol';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { WSEvents } from 'hono/ws';
import type { WebSocketLike } from '@hono/node-server';
import type { TokenService } from '@rpg-bot/auth';
import type { UserStore } from '../auth/user-store';
import type { DocAccess } from '../campaigns';
import { bufferedBytesOf } from '../websocket/buffered-bytes';
import type { SyncHandle, SyncRooms } from './sync-rooms';

export interface SyncRouteOptions {
  readonly rooms: SyncRooms;
  readonly tokens: TokenService;
  readonly users: Pick<UserStore, 'find'>;
  /** `CampaignStore.docAccessFor`: 'none' for unknown docs too, so existence is not revealed. */
  readonly docAccess: (docId: string, userId: string) => Promise<DocAccess>;
}

type Admission =
  | { readonly refuse: CloseCodeInfo; readonly why: string }
  | { readonly userId: string; readonly name: string; readonly access: 'write' | 'read'; readonly sessionId: string; readonly expiresAt: number };

/** Token check as bearerAuth does it, then the member's access to the doc. */
async function admit(options: SyncRouteOptions, docId: string, token: string | undefined): Promise<Admission> {
  if (token === undefined || token === '') return { refuse: closeCodes.Unauthorized, why: 'no_token' };
  let claims;
  try {
    claims = await options.tokens.verify(token);
  } catch (error) {
    if (!isAuthError(error)) throw error;
    return { refuse: closeCodes.Unauthorized, why: error.code };
  }
  const { userId } = claims;
  if ((await options.users.find(userId)) === undefined) return { refuse: closeCodes.Unauthorized, why: 'unknown_user' };
  const access = await options.docAccess(docId, userId);
  if (access === 'none') return { refuse: closeCodes.Forbidden, why: 'no_access' };
  return { userId, name: claims.name, access, sessionId: claims.sessionId, expiresAt: claims.expiresAt.getTime() };
}

/**
 * `GET /v1/sync/{docId}?token=…`: the WebSocket of one Yjs doc (y-websocket protocol plus the
 * ack extension, see @rpg-bot/sync-protocol SPEC.md). Refusals happen after the handshake, as
 * named close codes (4401, 4403), because browsers cannot read an HTTP status of a failed upgrade;
 * a refused socket receives no doc bytes. The token is a query parameter because browsers cannot
 * set headers on a WebSocket; the access log redacts it.
 */
export function syncRoutes(options: SyncRouteOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get(
    '/v1/sync/:docId',
    upgradeWebSocket(async (c: Context<AppEnv>): Promise<WSEvents<WebSocketLike>> => {
      // Always set on this route; the typed Context of a middleware cannot know that.
      const docId = c.req.param('docId') ?? '';
      const logger = c.get('log').child({ component: 'sync', docId });
      const admission = await admit(options, docId, c.req.query('token'));
      if ('refuse' in admission) {
        options.rooms.refused(admission.why);
        logger.info({ close: admission.refuse.code, why: admission.why }, 'sync connection refused');
        return {
          onOpen: (_event, ws) => {
            ws.close(admission.refuse.code, admission.refuse.reason);
          },
        };
      }
      let handle: SyncHandle | undefined;
      return {
        onOpen: (_event, ws) => {
          const session = {
            docId,
            userId: admission.userId,
            name: admission.name,
            access: admission.access,
            sessionId: admission.sessionId,
            expiresAt: admission.expiresAt,
            logger: logger.child({ userId: admission.userId }),
          };
          handle = options.rooms.connect(
            {
              send: (frame) => {
                // The raw ws socket takes any view; the WSContext wrapper only ArrayBuffer-backed ones.
                if (ws.raw === undefined) ws.send(new Uint8Array(frame));
                else ws.raw.send(frame);
              },
              close: (code, reason) => {
                ws.close(code, reason);
              },
              bufferedBytes: () => bufferedBytesOf(ws),
            },
            session,
          );
        },
        // Typed structurally: hono's MessageEvent is a DOM type this Node build does not declare.
        onMessage: (event: { readonly data: unknown }, ws) => {
          if (event.data instanceof ArrayBuffer) handle?.receive(new Uint8Array(event.data));
          // The protocol is binary only (SYNC-FRAME-1): a text frame is a broken client.
          else ws.close(closeCodes.BadMessage.code, closeCodes.BadMessage.reason);
        },
        onClose: () => {
          handle?.closed();
        },
        onError: (event) => {
          logger.warn({ err: 'error' in event ? event.error : undefined }, 'sync socket error');
        },
      };
    }),
    () => {
      throw new ApiError('bad_request', 'GET /v1/sync/{docId} is a WebSocket endpoint: send an Upgrade: websocket request.');
    },
  );
  return app;
}
