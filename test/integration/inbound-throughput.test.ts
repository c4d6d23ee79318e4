import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createStack, type TestStack } from '../support/stack.js';
import { RoutingFixtures } from '../support/routing-fixtures.js';

/**
 * Inbound webhook throughput and latency into ONE account (the worst case for the account lock, which
 * every inbound transaction takes). The load comes from a separate process (test/support/inbound-load-client.mjs)
 * so the client's CPU does not share the server's event loop. Correctness is asserted; speed is only
 * reported (the figures depend on the machine and on whatever else runs).
 *
 *   INBOUND_BENCH_SIZE  messages in the closed-loop phase (default 1000)
 *   INBOUND_CONC        requests outstanding in the closed-loop phase (default 64)
 *   INBOUND_RATE        paced phase rate in messages/s (default 500; 0 skips the phase)
 *   INBOUND_RATE_SECS   paced phase length (default 2)
 *   INBOUND_REPEAT      closed-loop repetitions, each reported (default 1)
 *   INBOUND_CPU_PROF    write a .cpuprofile of the server process during the closed-loop phases to this path
 */
const TOTAL = Number(process.env.INBOUND_BENCH_SIZE ?? 1000);
const CONCURRENCY = Number(process.env.INBOUND_CONC ?? 64);
const RATE = Number(process.env.INBOUND_RATE ?? 500);
const RATE_SECS = Number(process.env.INBOUND_RATE_SECS ?? 2);
const REPEAT = Number(process.env.INBOUND_REPEAT ?? 1);
const PROFILE = process.env.INBOUND_CPU_PROF;
const CLIENT = fileURLToPath(new URL('../support/inbound-load-client.mjs', import.meta.url));

interface LoadResult {
  sent: number;
  done: number;
  secs: number;
  perSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: number;
}

let runs = 0;
async function load(opts: Record<string, unknown>): Promise<LoadResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [CLIENT, JSON.stringify({ ...opts, contactBase: runs++ * 1_000_000 })],
    { timeout: 120_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult;
}

let stack: TestStack;
beforeAll(async () => {
  stack = await createStack({ servers: 1 });
});
afterAll(() => stack?.close());

describe('inbound throughput', () => {
  it(`accepts ${TOTAL} new conversations into one account (load from another process)`, async () => {
    const acc = await new RoutingFixtures(() => stack.orm.em.fork()).account();
    const base = { url: stack.url, apiKey: acc.apiKey, channelPhone: acc.channelPhone, maxSeconds: 60 };
    let created = 0;
    const count = (r: LoadResult) => {
      expect(r.errors).toBe(0);
      expect(Object.keys(r.statuses)).toEqual(['201']);
      created += r.statuses['201'];
    };
    // Warm-up: JIT, pool connections, caches; not reported.
    count(await load({ ...base, total: 300, concurrency: CONCURRENCY }));

    const session = PROFILE ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    for (let i = 0; i < REPEAT; i++) {
      // CPU per message of this process (it hosts the server; the client is elsewhere) moves far less than
      // the rate when other work shares the machine, so before/after comparisons should lead with it.
      const cpu0 = process.cpuUsage();
      const r = await load({ ...base, total: TOTAL, concurrency: CONCURRENCY });
      const cpu = process.cpuUsage(cpu0);
      count(r);
      console.log(
        `inbound closed loop: ${r.done} msgs in ${r.secs} s = ${r.perSec}/s; p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms (${CONCURRENCY} outstanding); server CPU ${Math.round((cpu.user + cpu.system) / r.done)} µs/msg`,
      );
    }
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(PROFILE!, JSON.stringify(profile));
      session.disconnect();
    }
    if (RATE > 0) {
      const r = await load({ ...base, total: Math.round(RATE * RATE_SECS), concurrency: 256, rate: RATE });
      count(r);
      console.log(
        `inbound paced at ${RATE}/s: ${r.done} msgs in ${r.secs} s = ${r.perSec}/s; p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms, max ${r.max} ms`,
      );
    }
    const [{ n }] = await stack.orm.em
      .fork()
      .execute(`select count(*)::int as n from conversations where account_id = ?`, [acc.id]);
    expect(n).toBe(created);
  }, 300_000);
});
