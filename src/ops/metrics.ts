// Prometheus metrics. One registry per app, so several apps in one process (tests) do not collide.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { geometryTasksCompleted } from '../geo/geometry-pool.ts';

export interface Metrics {
  registry: Registry;
  httpRequests: Histogram<'method' | 'route' | 'status'>;
  signIns: Counter<'outcome'>;
  /** Outcomes of send attempts by the dispatch workers in this process. */
  deliveries: Counter<'channel' | 'outcome'>;
}

const EVENT_LOOP_SAMPLE_MS = 500;

export function createMetrics(options: { defaultMetrics: boolean }): Metrics {
  const registry = new Registry();
  // The event loop's delay is sampled by a timer: prom-client's default, every 10 ms, wakes an idle server
  // 100 times a second. Once every half second still catches any stall that matters to a person waiting.
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  // Read when scraped: the geometry pool is one per process, whichever app asks.
  new Gauge({
    name: 'fmn_geometry_tasks_completed',
    help: 'Alert-area and boundary geometry tasks finished by worker threads in this process, by kind',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      for (const [kind, count] of Object.entries(geometryTasksCompleted())) this.set({ kind }, count);
    },
  });
  return {
    registry,
    httpRequests: new Histogram({
      name: 'fmn_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    signIns: new Counter({
      name: 'fmn_sign_ins_total',
      help: 'Sign-in attempts by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'fmn_dispatch_attempts_total',
      help: 'Send attempts by channel and outcome (sent, delivered, retrying, failed, dead, dropped)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
  };
}
