import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface RoutingMetricSources {
  /** Routing jobs waiting or running. */
  queueDepth?: () => Promise<number>;
  /** Ongoing load and finite capacity summed per account. */
  loads?: () => Promise<Array<{ accountId: string; ongoing: number; capacity: number }>>;
}

/**
 * Routing's metrics, named once. Decisions and batch latency are recorded where routing runs (workers);
 * queue depth and load vs capacity are read at scrape time from wherever /metrics is served.
 */
export function registerRoutingMetrics(registry: Registry, sources: RoutingMetricSources = {}) {
  const decisions = new Counter({
    name: 'switchboard_routing_decisions_total',
    help: 'Conversations considered by automatic routing, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const batchSeconds = new Histogram({
    name: 'switchboard_routing_batch_seconds',
    help: 'Duration of one routing transaction (lock, snapshot, decisions, writes)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  if (sources.queueDepth) {
    const read = sources.queueDepth;
    new Gauge({
      name: 'switchboard_routing_queue_depth',
      help: 'Routing jobs waiting or running',
      registers: [registry],
      async collect() {
        this.set(await read());
      },
    });
  }
  if (sources.loads) {
    const read = sources.loads;
    // The registry collects every metric concurrently: both gauges share one query per scrape.
    let pending: ReturnType<typeof read> | null = null;
    const shared = () =>
      (pending ??= read().finally(() => {
        setTimeout(() => (pending = null), 100).unref();
      }));
    new Gauge({
      name: 'switchboard_account_ongoing',
      help: 'Ongoing conversations per account',
      labelNames: ['account'],
      registers: [registry],
      async collect() {
        for (const l of await shared()) this.set({ account: l.accountId }, l.ongoing);
      },
    });
    new Gauge({
      name: 'switchboard_account_capacity',
      help: 'Sum of finite capacities of active users per account',
      labelNames: ['account'],
      registers: [registry],
      async collect() {
        for (const l of await shared()) this.set({ account: l.accountId }, l.capacity);
      },
    });
  }
  return {
    onBatch(s: { assigned: number; considered: number; ms: number }) {
      decisions.inc({ outcome: 'assigned' }, s.assigned);
      decisions.inc({ outcome: 'waiting' }, s.considered - s.assigned);
      batchSeconds.observe(s.ms / 1000);
    },
  };
}
export type RoutingMetrics = ReturnType<typeof registerRoutingMetrics>;
