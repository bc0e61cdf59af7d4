import type { TokenService } from '@rpg-bot/auth';
import type { Database } from '@rpg-bot/db';
import { createTokenBuckets } from '@rpg-bot/http';
import type { AppEnv } from '@rpg-bot/http';
import type { Logger } from '@rpg-bot/observability';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import type { Registry } from 'prom-client';
import type { AuthEnv, SessionRevocations, UserStore } from '../auth';
import type { MembershipChange } from '../campaigns';
import type { CampaignRole } from '@rpg-bot/contracts';
import { systemTimers } from '@rpg-bot/kit';
import type { Timers } from '@rpg-bot/kit';
import { cryptoRandom } from './dice';
import type { RandomInt } from './dice';
import { DEFAULT_WS_MAX_SEND_BUFFER_BYTES, sendBufferBound } from '../websocket/send-budget';
import { PARTY_MAX_FRAME_BYTES } from './party-connection';
import { PartyFanout } from './party-fanout';
import { createPartyMetrics } from './party-metrics';
import { PartyRooms } from './party-rooms';
import { partyRoutes } from './party-routes';
import { PartyService } from './party-service';
import { partySocketRoute } from './party-socket-route';
import { PostgresPartyLog } from './postgres-party-log';
import type { PartyLog, PartyRetention } from './types';

/** Age pruning runs this often (count pruning also runs with appends). */
const PRUNE_EVERY_MS = 10 * 60_000;

export interface MountPartyOptions {
  readonly db: Database;
  readonly clock: () => number;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly tokens: TokenService;
  readonly users: Pick<UserStore, 'find'>;
  /** `bearerAuth(…)` for the HTTP routes. */
  readonly auth: MiddlewareHandler<AuthEnv>;
  /** `CampaignStore.roleOf`: undefined for non-members (and unknown campaigns). */
  readonly roleOf: (campaignId: string, userId: string) => Promise<CampaignRole | undefined>;
  readonly retention: PartyRetention;
  /** Publish budget per user on sockets (HTTP has the app's rate limiter); undefined = unlimited. */
  readonly rateLimit?: { readonly perSecond: number; readonly burst: number } | undefined;
  /** Dice source; `crypto.randomInt` unless a test seeds it. */
  readonly randomInt?: RandomInt;
  /** Signed-out sessions: their open party sockets close with Unauthorized (4401) at once. */
  readonly revocations?: Pick<SessionRevocations, 'subscribe'>;
  /** Timers for token expiry and pruning (default: unref'd Node timers). */
  readonly timers?: Timers;
  /** Unsent bytes a socket may hold beyond its largest frame before it is closed with 4507 (default 4 MiB, at least 2 × 64 KiB). */
  readonly maxSendBufferBytes?: number;
}

export interface MountedParty {
  readonly app: Hono<AppEnv>;
  readonly log: PartyLog;
  readonly rooms: PartyRooms;
  /**
   * A membership change committed by the campaign routes: emits member-joined / member-left,
   * and on removal closes the user's party sockets on the campaign (4403) first.
   */
  onMembershipChanged(change: MembershipChange): Promise<void>;
  /** Closes every open party socket of the session (the tokens' `sid`) with Unauthorized (4401). */
  closeSession(sessionId: string): number;
  /** Stops the pruning timer, the revocation subscription and the fan-out listener, and closes open party sockets with TryAgain. */
  stop(): Promise<void>;
}

/**
 * Wires party events: the durable log on the service database, the service, the rooms, the
 * HTTP and WebSocket routes, metrics, the pruning timer, and — on PostgreSQL, where several relay
 * processes may share the database — cross-process fan-out over LISTEN/NOTIFY.
 */
export async function mountParty(options: MountPartyOptions): Promise<MountedParty> {
  const logger = options.logger.child({ component: 'party' });
  const timers = options.timers ?? systemTimers;
  const log = new PostgresPartyLog(options.db, { retention: options.retention });
  const metrics = createPartyMetrics(options.registry);
  const rooms = new PartyRooms({ log, metrics, logger });
  let fanout: PartyFanout | undefined;
  const service = new PartyService({
    log,
    metrics,
    now: options.clock,
    randomInt: options.randomInt ?? cryptoRandom,
    onAppended: (campaignId, events) => {
      rooms.announce(campaignId, events);
      const last = events.at(-1);
      if (last !== undefined) fanout?.published(campaignId, last.seq);
    },
  });
  if (options.db.kind === 'postgres') {
    fanout = new PartyFanout({ db: options.db, rooms, logger: logger.child({ component: 'party-fanout' }) });
    await fanout.start();
  }
  const buckets =
    options.rateLimit === undefined
      ? undefined
      : createTokenBuckets({ capacity: options.rateLimit.burst, refillPerSecond: options.rateLimit.perSecond, clock: options.clock });
  const app = new Hono<AppEnv>();
  app.route('/', partyRoutes({ service, roleOf: options.roleOf, auth: options.auth }));
  app.route(
    '/',
    partySocketRoute({
      rooms,
      tokens: options.tokens,
      users: options.users,
      roleOf: options.roleOf,
      metrics,
      connection: {
        service,
        roleOf: options.roleOf,
        metrics,
        now: options.clock,
        buckets,
        maxSendBufferBytes: sendBufferBound(options.maxSendBufferBytes ?? DEFAULT_WS_MAX_SEND_BUFFER_BYTES, PARTY_MAX_FRAME_BYTES),
        // Each socket closes when its token expires, by the relay's clock and timers.
        setTimer: (fn, ms) => {
          const cancel = timers.setTimeout(fn, ms);
          return { clear: cancel };
        },
      },
    }),
  );
  let pruning: Promise<unknown> = Promise.resolve();
  const stopPruner = timers.setInterval(() => {
    pruning = log.prune(new Date(options.clock())).catch((error: unknown) => {
      logger.warn({ err: error }, 'pruning party events failed');
    });
  }, PRUNE_EVERY_MS);
  const closeSession = (sessionId: string): number => rooms.closeSession(sessionId);
  const unsubscribe = options.revocations?.subscribe(closeSession);
  return {
    app,
    log,
    rooms,
    onMembershipChanged: async (change) => {
      // Access ends before anything else happens: the removed member's sockets get nothing more.
      if (change.change === 'removed') rooms.closeUser(change.campaignId, change.userId);
      await service.membershipChanged(change);
    },
    closeSession,
    stop: async () => {
      stopPruner();
      unsubscribe?.();
      rooms.closeAll();
      await fanout?.stop();
      await Promise.all([pruning, rooms.idleAll()]);
    },
  };
}
