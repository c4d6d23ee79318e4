import { percentile } from '../bench/stats.js';

/** Counters and latency samples of one run, with a one-line progress view and a summary. */
export class Recorder {
  readonly counters = new Map<string, number>();
  readonly latencies = new Map<string, number[]>();
  readonly startedAt = Date.now();

  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  /** Samples are kept whole: runs are bounded in time and rate, so memory stays small. */
  observe(name: string, ms: number): void {
    let list = this.latencies.get(name);
    if (!list) this.latencies.set(name, (list = []));
    list.push(ms);
  }

  latency(name: string) {
    const s = this.latencies.get(name) ?? [];
    return {
      count: s.length,
      p50: percentile(s, 50),
      p95: percentile(s, 95),
      p99: percentile(s, 99),
      max: s.length ? Math.max(...s) : Number.NaN,
    };
  }

  /** `12s  sent 240  accepted 240  assigned 231  resolved 180  e2e p99 34ms  errors 0` */
  progressLine(keys: string[], latencyKey?: string): string {
    const t = Math.round((Date.now() - this.startedAt) / 1000);
    const parts = [`${String(t).padStart(4)}s`, ...keys.map((k) => `${k} ${this.get(k)}`)];
    if (latencyKey) {
      const l = this.latency(latencyKey);
      if (l.count) parts.push(`${latencyKey} p50 ${Math.round(l.p50)}ms p99 ${Math.round(l.p99)}ms`);
    }
    return parts.join('  ');
  }

  toJSON() {
    return {
      durationMs: Date.now() - this.startedAt,
      counters: Object.fromEntries(this.counters),
      latencies: Object.fromEntries([...this.latencies.keys()].map((k) => [k, this.latency(k)])),
    };
  }
}
