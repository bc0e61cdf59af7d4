import { upgradeWebSocket } from '@hono/node-server';
import type { WebSocketLike } from '@hono/node-server';
import type { SessionClaims } from '@rpg-bot/auth';
import { ApiError } from '@rpg-bot/http';
import type { AppEnv } from '@rpg-bot/http';
import type { Logger } from '@rpg-bot/observability';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { WSEvents } from 'hono/ws';
import { admitSocket } from './socket-admission';
import type { SocketAdmissionOptions, SocketRefusal } from './socket-admission';

/** An admitted connection, as the route's socket binding gets it. */
export interface AdmittedSocket<Grant> {
  /** The path parameter (doc id, campaign id). */
  readonly resourceId: string;
  readonly session: SessionClaims;
  readonly grant: Grant;
  /** Narrowed to the component and the resource (carries the request's traceId). */
  readonly logger: Logger;
}

/** The socket's events after admission; errors are logged by the route. */
export type AdmittedEvents = Omit<WSEvents<WebSocketLike>, 'onError'>;

export interface AdmittedSocketRouteOptions<Grant> extends SocketAdmissionOptions<Grant> {
  /** The route, with one path parameter: `/v1/sync/:docId`. */
  readonly path: `${string}/:${string}`;
  /** Log component (`sync`): logs say "sync connection refused", "sync socket error". */
  readonly component: string;
  /** Counts a refusal in the route's own metrics. */
  readonly refused: (refusal: SocketRefusal) => void;
  /** Binds an admitted socket (the context gives further query parameters). */
  readonly open: (admitted: AdmittedSocket<Grant>, c: Context<AppEnv>) => AdmittedEvents;
}

/**
 * A WebSocket route with the relay's one admission (`admitSocket`). Refusals happen after the
 * handshake, as named close codes, because browsers cannot read the HTTP status of a failed
 * upgrade; a refused socket receives nothing else. The token is a query parameter because
 * browsers cannot set headers on a WebSocket; the access log redacts it. A plain GET (no
 * `Upgrade: websocket`) is a 400 before any lookup.
 */
export function admittedSocketRoute<Grant>(options: AdmittedSocketRouteOptions<Grant>): Hono<AppEnv> {
  const param = options.path.slice(options.path.lastIndexOf('/:') + 2);
  const described = options.path.replace(`:${param}`, `{${param}}`);
  const app = new Hono<AppEnv>();
  app.get(
    options.path,
    async (c, next) => {
      if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
        throw new ApiError('bad_request', `GET ${described} is a WebSocket endpoint: send an Upgrade: websocket request.`);
      }
      await next();
    },
    upgradeWebSocket(async (c: Context<AppEnv>): Promise<WSEvents<WebSocketLike>> => {
      // Always set on this route; the typed Context of a middleware cannot know that.
      const resourceId = c.req.param(param) ?? '';
      const logger = c.get('log').child({ component: options.component, [param]: resourceId });
      const onError: WSEvents<WebSocketLike>['onError'] = (event) => {
        logger.warn({ err: 'error' in event ? event.error : undefined }, `${options.component} socket error`);
      };
      const admission = await admitSocket(options, resourceId, c.req.query('token'));
      if ('refuse' in admission) {
        options.refused(admission);
        logger.info({ close: admission.refuse.code, why: admission.why }, `${options.component} connection refused`);
        return {
          onOpen: (_event, ws) => {
            ws.close(admission.refuse.code, admission.refuse.reason);
          },
          onError,
        };
      }
      const events = options.open({ resourceId, session: admission.session, grant: admission.grant, logger }, c);
      return { ...events, onError };
    }),
  );
  return app;
}
