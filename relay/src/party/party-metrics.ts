import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** Prometheus metrics of party events (registered on the service's own registry). */
export interface PartyMetrics {
  readonly openConnections: Gauge;
  readonly appended: Counter<'type'>;
  readonly rejected: Counter<'reason'>;
  /** Seconds from receiving a publish to its commit. */
  readonly commitSeconds: Histogram;
}

export function createPartyMetrics(registry: Registry): PartyMetrics {
  const registers = [registry];
  return {
    openConnections: new Gauge({ name: 'relay_party_connections', help: 'Open party WebSocket connections.', registers }),
    appended: new Counter({
      name: 'relay_party_events_appended_total',
      help: 'Party events committed, by event type (relay-emitted ones included).',
      labelNames: ['type'] as const,
      registers,
    }),
    rejected: new Counter({
      name: 'relay_party_rejected_total',
      help: 'Refused party publishes and connections, by reason.',
      labelNames: ['reason'] as const,
      registers,
    }),
    commitSeconds: new Histogram({
      name: 'relay_party_commit_seconds',
      help: 'Time from receiving a party event to its durable commit.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
  };
}
