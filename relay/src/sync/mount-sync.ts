import type { Database } from '@rpg-bot/db';
import type { AppEnv } from '@rpg-bot/http';
import type { Logger } from '@rpg-bot/observability';
import type { Hono } from 'hono';
import type { Registry } from 'prom-client';
import type { TokenService } from '@rpg-bot/auth';
import type { UserStore } from '../auth/user-store';
import type { DocAccess } from '../campaigns';
import { MergedStateCache } from './merged-state-cache';
import { PostgresUpdateLog } from './postgres-update-log';
import { SyncFanout } from './sync-fanout';
import { createSyncMetrics } from './sync-metrics';
import { SyncRooms } from './sync-rooms';
import { syncRoutes } from './sync-route';
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
  /** How long a doc nobody reads stays in memory. */
  readonly idleTtlMs?: number;
}

export interface MountedSync {
  readonly app: Hono<AppEnv>;
  readonly rooms: SyncRooms;
  /** The durable update log the route writes to (history routes read it). */
  readonly log: UpdateLog;
  /** Stops the idle-eviction timer and the fan-out listener, and closes open sync sockets with TryAgain. */
  stop(): Promise<void>;
}

/**
 * Wires the sync route: durable log on the service database, merged-state cache, metrics, eviction
 * timer, and — on PostgreSQL, where several relay processes may share the database — cross-process
 * fan-out over LISTEN/NOTIFY (PGlite is one process, so it has nobody to tell).
 */
export async function mountSync(options: MountSyncOptions): Promise<MountedSync> {
  const log = new PostgresUpdateLog(options.db);
  const cache = new MergedStateCache({ log, now: options.clock, idleTtlMs: options.idleTtlMs ?? IDLE_TTL_MS });
  const metrics = createSyncMetrics(options.registry, () => cache.loadedDocs());
  let fanout: SyncFanout | undefined;
  const rooms = new SyncRooms({
    log,
    cache,
    metrics,
    now: options.clock,
    maxFrameBytes: options.maxFrameBytes ?? DEFAULT_SYNC_MAX_FRAME_BYTES,
    onCommitted: (docId, seq) => {
      fanout?.published(docId, seq);
    },
  });
  if (options.db.kind === 'postgres') {
    fanout = new SyncFanout({ db: options.db, log, cache, rooms, logger: options.logger.child({ component: 'sync-fanout' }) });
    await fanout.start();
  }
  // Unref'd: the timer alone must never keep a process (or a test run) alive.
  const evictor = setInterval(() => cache.evictIdle(), EVICT_EVERY_MS);
  evictor.unref();
  return {
    app: syncRoutes({ rooms, tokens: options.tokens, users: options.users, docAccess: options.docAccess }),
    rooms,
    log,
    stop: async () => {
      clearInterval(evictor);
      rooms.closeAll();
      await fanout?.stop();
    },
  };
}
