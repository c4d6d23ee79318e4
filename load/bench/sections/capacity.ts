import { API } from '../../shared/scenarios.js';
import { callJson } from '../../harness/http.js';
import { percentile } from '../stats.js';
import { AgentSockets, sleep } from '../agents.js';
import { checkAccount } from '../correctness.js';
import { insertQueuedConversations, seedAccount } from '../seed.js';
import type { BenchStack } from '../stack.js';
import type { LatencyRun } from './drain.js';

/**
 * Agents start at capacity 0 with a queue waiting. An admin raises one agent's capacity by one through the
 * REST API; the figure is the time from sending that request to the agent receiving the conversation the new
 * slot allowed: the first decision that used the new capacity, as the agent sees it.
 */
export async function capacityLatency(
  stack: BenchStack,
  opts: { agents: number; samples: number; sampleTimeoutMs?: number; gateway: boolean },
): Promise<LatencyRun> {
  const account = await seedAccount(stack.pool, { agents: opts.agents, capacity: 0 });
  const admin = account.admins[0];
  const sockets = new AgentSockets();
  const samples: number[] = [];
  let waiting: { userId: string; done: (t: number) => void } | null = null;
  sockets.onReceived((userId, r) => {
    if (waiting?.userId === userId) waiting.done(r.receivedAt);
  });
  try {
    // Without the gateway the decision is observed at its commit (the agent's ledger row), polled every 2 ms.
    if (opts.gateway) await sockets.connect(stack.url, account.agents);
    else
      await stack.contract.markPresent(
        account.accountId,
        account.agents.map((a) => a.id),
      );
    const ids = await insertQueuedConversations(stack.pool, account, opts.samples + 5);
    await stack.contract.triggerRouting(account.accountId);
    await sleep(200);
    const capacity = new Map(account.agents.map((a) => [a.id, 0]));
    for (let i = 0; i < opts.samples; i++) {
      const agent = account.agents[i % account.agents.length];
      const next = capacity.get(agent.id)! + 1;
      const received = opts.gateway
        ? new Promise<number>((resolve) => (waiting = { userId: agent.id, done: resolve }))
        : committedLoad(stack, agent.id, next, opts.sampleTimeoutMs ?? 3000);
      const t0 = performance.now();
      const res = await callJson(stack.url, 'PUT', API.capacity(agent.id), {
        token: admin.token,
        body: { capacity: next },
      });
      if (res.status >= 300) throw new Error(`PUT capacity answered ${res.status}: ${JSON.stringify(res.body)}`);
      capacity.set(agent.id, next);
      const at = await Promise.race([received, sleep(opts.sampleTimeoutMs ?? 3000).then(() => Number.NaN)]);
      waiting = null;
      samples.push(Number.isNaN(at) ? (opts.sampleTimeoutMs ?? 3000) : at - t0);
      await sleep(20);
    }
    const correctness = await checkAccount(stack.pool, account.accountId, {
      expectedConversationIds: ids,
      mustBeRouted: false,
      receivedBy: sockets.receivedBy,
    });
    return { p50: percentile(samples, 50), p99: percentile(samples, 99), samples: samples.length, correctness };
  } finally {
    sockets.close();
  }
}

async function committedLoad(stack: BenchStack, userId: string, atLeast: number, timeoutMs: number): Promise<number> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    const { rows } = await stack.pool.query(`select ongoing from agent_loads where user_id = $1`, [userId]);
    if (Number(rows[0]?.ongoing) >= atLeast) return performance.now();
    await sleep(2);
  }
  return Number.NaN;
}
