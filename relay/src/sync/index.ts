export type {
  AppendBatchResult,
  AppendItem,
  AppendMeta,
  AppendRefusal,
  AppendRefusalCode,
  AppendResult,
  Checkpoint,
  CompactOptions,
  CompactResult,
  DocSize,
  LoadedState,
  LogEntry,
  UpdateLog,
  UpdateLogErrorCode,
} from './types';
export { isRefusal, UpdateLogError } from './types';
export { InMemoryUpdateLog } from './in-memory-update-log';
export { PostgresUpdateLog } from './postgres-update-log';
export { syncMigrations } from './migrations';
export { defaultCheckpointPolicy } from './checkpoint-plan';
export type { CheckpointPolicy } from './checkpoint-plan';
export { MergedStateCache } from './merged-state-cache';
export type { CachedState, MergedStateCacheOptions } from './merged-state-cache';
export { mountSync, DEFAULT_SYNC_MAX_FRAME_BYTES } from './mount-sync';
export type { MountedSync, MountSyncOptions } from './mount-sync';
export { SyncRooms } from './sync-rooms';
export type { SyncHandle, SyncRoomsOptions } from './sync-rooms';
export { DocCommitter, DEFAULT_COMMIT_BATCH_LIMITS } from './doc-committer';
export type { DocCommitterOptions, StoredItem } from './doc-committer';
export type { ConnectionDeps, SyncSession, SyncSocket } from './sync-connection';
export { syncRoutes } from './sync-route';
export type { SyncRouteOptions } from './sync-route';
export { createSyncMetrics } from './sync-metrics';
export type { SyncMetrics } from './sync-metrics';
export { SyncFanout, SYNC_CHANNEL } from './sync-fanout';
export type { LocalRooms, SyncFanoutOptions } from './sync-fanout';
export { CompactionScheduler, defaultCompactionThresholds } from './compaction-scheduler';
export type { CompactionSchedulerOptions, CompactionThresholds } from './compaction-scheduler';
export { systemTimers } from '@rpg-bot/kit';
export type { Timers } from '@rpg-bot/kit';
