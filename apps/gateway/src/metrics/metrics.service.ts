import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of this gateway process (one registry per app, so tests can run several). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly connectedSockets = new Gauge({
    name: 'switchboard_connected_sockets',
    help: 'socket.io connections open on this gateway',
    labelNames: ['namespace'] as const,
    registers: [this.registry],
  });

  readonly messagesStored = new Counter({
    name: 'switchboard_messages_stored_total',
    help: 'messages stored by this gateway',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly grabConflicts = new Counter({
    name: 'switchboard_grab_conflicts_total',
    help: 'conversation.grab attempts that lost the race or hit the load limit',
    registers: [this.registry],
  });

  readonly eventLatency = new Histogram({
    name: 'switchboard_event_duration_seconds',
    help: 'time from receiving a socket event to its acknowledgement',
    labelNames: ['event', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
