import { createMessageSource, inboundBody, API } from '../../shared/scenarios.js';
import { runInbound } from '../../harness/inbound.js';
import { Recorder } from '../../harness/recorder.js';
import { percentile } from '../stats.js';
import { AgentSockets, sleep, waitFor } from '../agents.js';
import { addCorrectness, checkAccount, zeroCorrectness, type Correctness } from '../correctness.js';
import { seedAccount, type SeededAccount } from '../seed.js';
import type { BenchStack } from '../stack.js';

export interface LatencyAtRate {
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  /** Accepted messages whose conversation no socket received before the settle timeout. */
  unreceived: number;
}

export interface E2eRun {
  maxRate: number;
  levels: LatencyAtRate[];
  correctness: Correctness;
}

/**
 * End to end as an integrator and an agent see it: HTTP 2xx from the inbound API → the assignment on the
 * agent's socket. First the maximum rate (what the system completes per second under a saturating closed
 * loop), then open-loop latency at fractions of it and at the issue's reference rate.
 */
export async function endToEnd(
  stack: BenchStack,
  opts: { agents: number; probeMs: number; levelMs: number; fractions: number[]; fixedRates: number[]; concurrency: number },
  progress: (s: string) => void,
): Promise<E2eRun> {
  const account = await seedAccount(stack.pool, { agents: opts.agents, capacity: 1_000_000 });
  const sockets = new AgentSockets();
  const acceptedAt = new Map<string, number>();
  const latencies: number[] = [];
  const providerIds: string[] = [];
  sockets.onReceived((_u, r) => {
    const t = r.contactPhone ? acceptedAt.get(r.contactPhone) : undefined;
    if (t !== undefined) {
      acceptedAt.delete(r.contactPhone!);
      latencies.push(r.receivedAt - t);
    }
  });
  try {
    await sockets.connect(stack.url, account.agents);
    const maxRate = await probeMaxRate(stack, account, sockets, opts, providerIds);
    progress(`max ${Math.round(maxRate)}/s`);
    await waitFor(() => sockets.total >= providerIds.length, 15_000, 20);
    const levels: LatencyAtRate[] = [];
    const rates = [...opts.fractions.map((f) => Math.max(1, Math.round(f * maxRate))), ...opts.fixedRates];
    for (const rate of rates) {
      latencies.length = 0;
      acceptedAt.clear();
      const rec = new Recorder();
      await runInbound(
        {
          baseUrl: stack.url, apiKey: account.apiKey, channel: account.channelPhone, rate, durationMs: opts.levelMs, followUps: 0,
          runId: `e2e${rate}${Math.random().toString(36).slice(2, 7)}`, maxInFlight: 512,
          onAccepted: (m, at) => {
            acceptedAt.set(m.contactPhone, at);
            providerIds.push(m.providerMessageId);
          },
        },
        rec,
      );
      await waitFor(() => acceptedAt.size === 0, 10_000, 20);
      const level = { rate, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), unreceived: acceptedAt.size };
      levels.push(level);
      progress(`${rate}/s p50 ${level.p50.toFixed(1)} p99 ${level.p99.toFixed(1)} ms${level.unreceived ? `, ${level.unreceived} not received` : ''}`);
      await sleep(300);
    }
    let correctness = zeroCorrectness();
    correctness = addCorrectness(correctness, await checkAccount(stack.pool, account.accountId, { expectedProviderIds: providerIds, mustBeRouted: true, receivedBy: sockets.receivedBy }));
    return { maxRate, levels, correctness };
  } finally {
    sockets.close();
  }
}

/** `concurrency` posters back to back for `probeMs`; the rate is assignments received per second in that window. */
async function probeMaxRate(stack: BenchStack, account: SeededAccount, sockets: AgentSockets, opts: { probeMs: number; concurrency: number }, providerIds: string[]): Promise<number> {
  const source = createMessageSource({ runId: `max${Math.random().toString(36).slice(2, 8)}`, followUps: 0 });
  const startCount = sockets.total;
  const t0 = performance.now();
  const until = t0 + opts.probeMs;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < until) {
        const m = source.next();
        const res = await fetch(stack.url + API.inbound, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': account.apiKey },
          body: JSON.stringify(inboundBody(account.channelPhone, m)),
        }).catch(() => null);
        await res?.arrayBuffer();
        if (res && res.status < 300) providerIds.push(m.providerMessageId);
      }
    }),
  );
  const end = performance.now();
  return (sockets.total - startCount) / ((end - t0) / 1000);
}
