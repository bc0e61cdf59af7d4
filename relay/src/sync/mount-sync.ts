import type { Database } from '@rpg-bot/db';
import type { AppEnv } from '@rpg-bot/http';
import type { Logger } from '@rpg-bot/observability';
import { closeCodes, DEFAULT_MAX_DOC_BYTES, syncStep2Header } from '@rpg-bot/sync-protocol';
import type { Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { TokenService } from '@rpg-bot/auth';
import type { SessionRevocations } from '../auth/session-revocations';
import type { UserStore } from '../auth/user-store';
import type { DocAccess } from '../campaigns';
import { CompactionScheduler } from './compaction-scheduler';
import { DEFAULT_FRAGMENT_BUDGET_BYTES, FragmentBudget } from './fragment-assembly';
import { DocMirrors } from './doc-mirrors';
import type { CompactionThresholds } from './compaction-scheduler';
import { MergedStateCache } from './merged-state-cache';
import { PostgresUpdateLog } from './postgres-update-log';
import { SyncFanout } from './sync-fanout';
import { createSyncMetrics } from './sync-metrics';
import { SyncRooms } from './sync-rooms';
import { syncRoutes } from './sync-route';
import { DEFAULT_WS_MAX_SEND_BUFFER_BYTES, sendBufferBound } from '../websocket/send-budget';
import { systemTimers } from '@rpg-bot/kit';
import type { Timers } from '@rpg-bot/kit';
import type { UpdateLog } from './types';

/** 1 MiB: far above a typing burst, small enough that one frame cannot hog the process. */
export const DEFAULT_SYNC_MAX_FRAME_BYTES = 1_048_576;
const IDLE_TTL_MS = 10 * 60_000;
const EVICT_EVERY_MS = 60_000;

export interface MountSyncOptions {
  readonly db: Database;
  readonly clock: () => number;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly tokens: TokenService;
  readonly users: Pick<UserStore, 'find'>;
  readonly docAccess: (docId: string, userId: string) => Promise<DocAccess>;
  readonly maxFrameBytes?: number;
  /** Most bytes of stored updates per doc (default 16 MiB, `DEFAULT_MAX_DOC_BYTES`); more is `rejected { doc_too_large }`. */
  readonly maxDocBytes?: number;
  /** Bytes of fragmented uploads the process assembles at once (default 256 MiB); more closes with TryAgain. */
  readonly fragmentBudgetBytes?: number;
  /** Unsent bytes a socket may hold beyond its largest frame before it is closed with 4507 (default 4 MiB, at least 2 × maxFrameBytes). */
  readonly maxSendBufferBytes?: number;
  /** How long a doc nobody reads stays in memory. */
  readonly idleTtlMs?: number;
  /** Timers for token expiry, eviction and the compaction sweep (default: unref'd Node timers). */
  readonly timers?: Timers;
  /** When the background compaction folds a doc's log tail (default 500 updates or 1 MiB). */
  readonly compaction?: CompactionThresholds;
  /** Revoked sessions: their open sync sockets close with Unauthorized (4401) at once. */
  readonly revocations?: Pick<SessionRevocations, 'subscribe'>;
}

export interface MountedSync {
  readonly app: Hono<AppEnv>;
  readonly rooms: SyncRooms;
  /** The durable update log the route writes to (history routes read it). */
  readonly log: UpdateLog;
  /**
   * Closes the user's open sync sockets on these docs with Forbidden (4403), e.g. after the GM
   * removed them from the campaign. Returns how many sockets were closed (in this process).
   */
  disconnect(userId: string, docIds: readonly string[]): number;
  /** Closes every open sync socket of the session (the tokens' `sid`) with Unauthorized (4401). */
  closeSession(sessionId: string): number;
  /** Stops the timers, the compaction scheduler and the fan-out listener, and closes open sync sockets with TryAgain. */
  stop(): Promise<void>;
}

/**
 * Wires the sync route: durable log on the service database, merged-state cache, metrics, eviction
 * timer, background compaction, and — on PostgreSQL, where several relay processes may share the
 * database — cross-process fan-out over LISTEN/NOTIFY (PGlite is one process, so it has nobody to tell).
 */
export async function mountSync(options: MountSyncOptions): Promise<MountedSync> {
  const timers = options.timers ?? systemTimers;
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_SYNC_MAX_FRAME_BYTES;
  const log = new PostgresUpdateLog(options.db);
  const cache = new MergedStateCache({ log, now: options.clock, idleTtlMs: options.idleTtlMs ?? IDLE_TTL_MS, frameHeader: syncStep2Header });
  const metrics = createSyncMetrics(options.registry, () => cache.loadedDocs());
  const compaction = new CompactionScheduler({
    log,
    logger: options.logger.child({ component: 'sync-compaction' }),
    metrics,
    now: options.clock,
    timers,
    ...(options.compaction === undefined ? {} : { thresholds: options.compaction }),
    sweepDocs: () => cache.docIds(),
  });
  const mirrors = new DocMirrors({
    log,
    heldSeq: (docId) => cache.heldSeq(docId),
    onRepaired: (docId) => { cache.unload(docId); },
    logger: options.logger.child({ component: 'sync-mirrors' }),
  });
  const rooms = new SyncRooms({
    log,
    cache,
    gate: mirrors,
    metrics,
    now: options.clock,
    timers,
    logger: options.logger.child({ component: 'sync-rooms' }),
    maxFrameBytes,
    maxDocBytes: options.maxDocBytes ?? DEFAULT_MAX_DOC_BYTES,
    fragmentBudget: new FragmentBudget(options.fragmentBudgetBytes ?? DEFAULT_FRAGMENT_BUDGET_BYTES),
    maxSendBufferBytes: sendBufferBound(options.maxSendBufferBytes ?? DEFAULT_WS_MAX_SEND_BUFFER_BYTES, maxFrameBytes),
  });
  rooms.onCommitted(({ docId, seq, bytes }) => {
    compaction.appended(docId, seq, bytes);
  });
  // On PostgreSQL several relay processes may share the database: each tells the others (PGlite is one process).
  const fanout =
    options.db.kind === 'postgres'
      ? new SyncFanout({ db: options.db, log, cache, rooms, metrics, now: options.clock, logger: options.logger.child({ component: 'sync-fanout' }) })
      : undefined;
  if (fanout !== undefined) {
    rooms.onCommitted(({ docId, seq }) => {
      fanout.published(docId, seq);
    });
    await fanout.start();
  }
  compaction.start();
  // Docs with open sockets are not idle: evicting them would lose the fan-out's catch-up point.
  const stopEvictor = timers.setInterval(() => {
    cache.evictIdle((docId) => rooms.hasRoom(docId));
    for (const docId of mirrors.docIds()) if (!rooms.hasRoom(docId)) mirrors.unload(docId);
  }, EVICT_EVERY_MS);
  const closeSession = (sessionId: string): number => rooms.closeSession(sessionId);
  const unsubscribe = options.revocations?.subscribe(closeSession);
  return {
    app: syncRoutes({ rooms, tokens: options.tokens, users: options.users, docAccess: options.docAccess }),
    rooms,
    log,
    disconnect: (userId, docIds) => rooms.closeUser(userId, docIds, closeCodes.Forbidden),
    closeSession,
    stop: async () => {
      stopEvictor();
      unsubscribe?.();
      rooms.closeAll();
      await compaction.stop();
      await fanout?.stop();
    },
  };
}
