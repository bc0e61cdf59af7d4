import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** Prometheus metrics of the sync route (registered on the service's own registry). */
export interface SyncMetrics {
  readonly openConnections: Gauge;
  readonly messagesIn: Counter<'type'>;
  readonly messagesOut: Counter<'type'>;
  readonly rejected: Counter<'reason'>;
  /** Seconds from receiving an update to its append being committed. */
  readonly commitSeconds: Histogram;
  /** Updates per commit transaction of the per-doc group commit. */
  readonly commitBatchSize: Histogram;
  readonly bytesIn: Counter;
  readonly bytesOut: Counter;
  /** Seconds from another relay's commit (the entry's `at`) to its delivery by this relay's fan-out. */
  readonly fanoutLagSeconds: Histogram;
  /** Compaction runs by outcome: `compacted`, `skipped` (nothing to fold, or lost a race), `failed`. */
  readonly compactions: Counter<'outcome'>;
  readonly compactionSeconds: Histogram;
  /** Tail length (updates after the snapshot) of a doc each time the scheduler checks it. */
  readonly logTailUpdates: Histogram;
}

/** Creates the sync metrics; `loadedDocs` is read at scrape time so the gauge never drifts. */
export function createSyncMetrics(registry: Registry, loadedDocs: () => number): SyncMetrics {
  const registers = [registry];
  new Gauge({
    name: 'relay_sync_loaded_docs',
    help: 'Documents whose merged state is held in memory.',
    registers,
    collect() {
      this.set(loadedDocs());
    },
  });
  return {
    openConnections: new Gauge({ name: 'relay_sync_connections', help: 'Open sync WebSocket connections.', registers }),
    messagesIn: new Counter({
      name: 'relay_sync_messages_received_total',
      help: 'Sync frames received, by message type (or decode error).',
      labelNames: ['type'] as const,
      registers,
    }),
    messagesOut: new Counter({
      name: 'relay_sync_messages_sent_total',
      help: 'Sync frames sent, by message type.',
      labelNames: ['type'] as const,
      registers,
    }),
    rejected: new Counter({
      name: 'relay_sync_rejected_total',
      help: 'Refused sync messages and connections, by reason.',
      labelNames: ['reason'] as const,
      registers,
    }),
    commitSeconds: new Histogram({
      name: 'relay_sync_commit_seconds',
      help: 'Time from receiving an update to its durable commit in the update log.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    commitBatchSize: new Histogram({
      name: 'relay_sync_commit_batch_size',
      help: 'Updates committed together in one transaction by the per-doc group commit.',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    }),
    bytesIn: new Counter({ name: 'relay_sync_received_bytes_total', help: 'Bytes of sync frames received.', registers }),
    bytesOut: new Counter({ name: 'relay_sync_sent_bytes_total', help: 'Bytes of sync frames sent.', registers }),
    fanoutLagSeconds: new Histogram({
      name: 'relay_sync_fanout_lag_seconds',
      help: "Time from another relay's commit of an update to its delivery to this relay's sockets.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    compactions: new Counter({
      name: 'relay_sync_compactions_total',
      help: 'Background compaction runs, by outcome (compacted, skipped, failed).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    compactionSeconds: new Histogram({
      name: 'relay_sync_compaction_seconds',
      help: 'Duration of background compaction runs.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    logTailUpdates: new Histogram({
      name: 'relay_sync_log_tail_updates',
      help: 'Updates in a doc log after its snapshot, observed whenever the compaction scheduler checks a doc.',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
      registers,
    }),
  };
}
