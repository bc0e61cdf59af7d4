import type { Logger } from '@rpg-bot/observability';

/** Hono environment of every app built on {@link createHttpApp} (and of the sub-apps services mount on it). */
export interface AppEnv {
  Variables: {
    /** W3C trace id: from a valid `traceparent` header, else new. */
    traceId: string;
    /** This request's id (a span id), also sent as the `X-Request-Id` response header. */
    requestId: string;
    /** The app logger narrowed to this request: every line carries `traceId` and `requestId`. */
    log: Logger;
  };
}
