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
  };
}
