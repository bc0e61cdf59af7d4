export type {
  AppendMeta,
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
export { UpdateLogError } from './types';
export { InMemoryUpdateLog } from './in-memory-update-log';
export { PostgresUpdateLog } from './postgres-update-log';
export { syncMigrations } from './migrations';
export { defaultCheckpointPolicy } from './checkpoint-plan';
export type { CheckpointPolicy } from './checkpoint-plan';
export { MergedStateCache } from './merged-state-cache';
export type { CachedState, MergedStateCacheOptions } from './merged-state-cache';
