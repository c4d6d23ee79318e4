import { createMessageSource, inboundBody, API } from '../../shared/scenarios.js';
import { runInbound } from '../../harness/inbound.js';
import { Recorder } from '../../harness/recorder.js';
import { ReceiptMatcher } from '../../harness/matcher.js';
import { percentile } from '../stats.js';
import { AgentSockets, sleep, waitFor } from '../agents.js';
import { addCorrectness, checkAccount, zeroCorrectness, type Correctness } from '../correctness.js';
import { seedAccount, type SeededAccount } from '../seed.js';
import type { BenchStack } from '../stack.js';

export interface LatencyAtRate {
  /** Offered rate. */
  rate: number;
  /** Messages accepted per second over the level (below `rate` when the server could not keep up). */
  acceptedRate: number;
  /** Inbound API latency (request → 2xx) at this level. */
  httpP99: number;
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
  opts: {
    agents: number;
    probeMs: number;
    levelMs: number;
    fractions: number[];
    fixedRates: number[];
    concurrency: number;
  },
  progress: (s: string) => void,
): Promise<E2eRun> {
  const account = await seedAccount(stack.pool, { agents: opts.agents, capacity: 1_000_000 });
  const sockets = new AgentSockets();
  const latencies: number[] = [];
  const matcher = new ReceiptMatcher((ms) => latencies.push(ms));
  const providerIds: string[] = [];
  sockets.onReceived((_u, r) => {
    if (r.contactPhone) matcher.onReceived(r.contactPhone, r.receivedAt);
  });
  try {
    await sockets.connect(stack.url, account.agents);
    const maxRate = await probeMaxRate(stack, account, sockets, opts, providerIds);
    progress(`max ${Math.round(maxRate)}/s`);
    const levels: LatencyAtRate[] = [];
    const rates = [...opts.fractions.map((f) => Math.max(1, Math.round(f * maxRate))), ...opts.fixedRates];
    for (const rate of rates) {
      latencies.length = 0;
      matcher.clear();
      const rec = new Recorder();
      await runInbound(
        {
          baseUrl: stack.url,
          apiKey: account.apiKey,
          channel: account.channelPhone,
          rate,
          durationMs: opts.levelMs,
          followUps: 0,
          runId: `e2e${rate}${Math.random().toString(36).slice(2, 7)}`,
          maxInFlight: 512,
          onAccepted: (m, at) => {
            matcher.onAccepted(m.contactPhone, at);
            providerIds.push(m.providerMessageId);
          },
        },
        rec,
      );
      await waitFor(() => matcher.pending === 0, 10_000, 20);
      if (matcher.pending)
        progress(await diagnoseUnreceived(stack, account.accountId, matcher.pendingPhones(), sockets));
      const level = {
        rate,
        acceptedRate: (rec.get('accepted') * 1000) / opts.levelMs,
        httpP99: rec.latency('http').p99,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        unreceived: matcher.pending,
      };
      levels.push(level);
      if (matcher.early)
        progress(
          `${matcher.early} conversation(s) reached their agent before the inbound API's answer reached the client (counted as 0 ms)`,
        );
      progress(
        `${rate}/s offered, ${Math.round(level.acceptedRate)}/s accepted (inbound HTTP p99 ${rec.latency('http').p99.toFixed(0)} ms): p50 ${level.p50.toFixed(1)} p99 ${level.p99.toFixed(1)} ms${level.unreceived ? `, ${level.unreceived} not received` : ''}`,
      );
      await sleep(300);
    }
    let correctness = zeroCorrectness();
    correctness = addCorrectness(
      correctness,
      await checkAccount(stack.pool, account.accountId, {
        expectedProviderIds: providerIds,
        mustBeRouted: true,
        receivedBy: sockets.receivedBy,
      }),
    );
    return { maxRate, levels, correctness };
  } finally {
    sockets.close();
  }
}

/**
 * `concurrency` posters back to back for `probeMs`, then wait until every accepted conversation reached its
 * agent: the maximum rate is accepted ÷ (last receipt − start), what the whole pipeline completes per second
 * when it is saturated (accepting faster than that only grows the queue).
 */
async function probeMaxRate(
  stack: BenchStack,
  account: SeededAccount,
  sockets: AgentSockets,
  opts: { probeMs: number; concurrency: number },
  providerIds: string[],
): Promise<number> {
  const source = createMessageSource({ runId: `max${Math.random().toString(36).slice(2, 8)}`, followUps: 0 });
  const startCount = sockets.total;
  const t0 = performance.now();
  const until = t0 + opts.probeMs;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < until) {
        const m = source.next();
        const res = await fetch(stack.url + API.inbound, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': account.apiKey },
          body: JSON.stringify(inboundBody(account.channelPhone, m)),
        }).catch(() => null);
        await res?.arrayBuffer();
        if (res && res.status < 300) {
          accepted++;
          providerIds.push(m.providerMessageId);
        }
      }
    }),
  );
  await waitFor(() => sockets.total - startCount >= accepted, 30_000, 10);
  const received = sockets.total - startCount;
  return received / (((received >= accepted ? sockets.lastReceivedAt : performance.now()) - t0) / 1000);
}

/** For accepted conversations no socket received: are they assigned (delivery lost) or still waiting (routing)? */
async function diagnoseUnreceived(
  stack: BenchStack,
  accountId: string,
  phones: string[],
  sockets: AgentSockets,
): Promise<string> {
  const { rows: convs } = await stack.pool.query<{ id: string }>(
    `select c.id, ct.phone_number from contacts ct join conversations c on c.contact_id = ct.id where ct.account_id = $1 and ct.phone_number = any($2::text[])`,
    [accountId, phones],
  );
  const raw = convs.filter((c) => sockets.sockets.some((s) => s.rawAssigned.has(c.id))).length;
  const handled = convs.filter((c) => sockets.receivedBy.has(c.id)).length;
  const { rows } = await stack.pool.query<{ status: string; n: string; events: string; ms: string | null }>(
    `select c.status, count(*) as n, round(max(extract(epoch from now() - c.assigned_at)) * 1000) as ms,
            count(*) filter (where exists (select 1 from realtime_events e where e.conversation_id = c.id and e.type = 'conversation.assigned')) as events
       from contacts ct join conversations c on c.contact_id = ct.id
      where ct.account_id = $1 and ct.phone_number = any($2::text[]) group by c.status`,
    [accountId, phones],
  );
  const drops = sockets.sockets.reduce((n, s) => n + s.disconnects, 0);
  return (
    `${phones.length} accepted but not matched to a receipt (${raw} of them reached a raw socket, ${handled} the SDK handler; ${drops} socket drop(s) so far): ` +
    (rows
      .map((r) => `${r.n} ${r.status} (${r.events} with an assigned event, oldest assigned ${r.ms ?? '–'} ms ago)`)
      .join(', ') || 'no conversation found for their phone numbers')
  );
}
