import type { TokenService } from '@rpg-bot/auth';
import type { AppEnv } from '@rpg-bot/http';
import { closeCodes } from '@rpg-bot/sync-protocol';
import type { Hono } from 'hono';
import type { UserStore } from '../auth/user-store';
import type { DocAccess } from '../campaigns';
import { admittedSocketRoute } from '../websocket/admitted-socket-route';
import { bufferedBytesOf } from '../websocket/buffered-bytes';
import type { SyncHandle, SyncRooms } from './sync-rooms';

export interface SyncRouteOptions {
  readonly rooms: SyncRooms;
  readonly tokens: TokenService;
  readonly users: Pick<UserStore, 'find'>;
  /** `CampaignStore.docAccessFor`: 'none' for unknown docs too, so existence is not revealed. */
  readonly docAccess: (docId: string, userId: string) => Promise<DocAccess>;
}

/**
 * `GET /v1/sync/{docId}?token=…`: the WebSocket of one Yjs doc (y-websocket protocol plus the
 * ack extension, see @rpg-bot/sync-protocol SPEC.md). Admission (token, doc access, close codes
 * 4401/4403) is the relay's one socket admission (`src/websocket/`); a refused socket receives
 * no doc bytes.
 */
export function syncRoutes(options: SyncRouteOptions): Hono<AppEnv> {
  return admittedSocketRoute<'write' | 'read'>({
    path: '/v1/sync/:docId',
    component: 'sync',
    tokens: options.tokens,
    users: options.users,
    grant: async (docId, session) => {
      const access = await options.docAccess(docId, session.userId);
      return access === 'none' ? undefined : access;
    },
    refused: ({ why }) => {
      options.rooms.refused(why);
    },
    open: ({ resourceId: docId, session: claims, grant: access, logger }) => {
      let handle: SyncHandle | undefined;
      return {
        onOpen: (_event, ws) => {
          const session = {
            docId,
            userId: claims.userId,
            name: claims.name,
            access,
            sessionId: claims.sessionId,
            expiresAt: claims.expiresAt.getTime(),
            logger: logger.child({ userId: claims.userId }),
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
      };
    },
  });
}
