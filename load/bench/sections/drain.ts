import { API } from '../../shared/scenarios.js';
import { callJson } from '../../harness/http.js';
import { percentile } from '../stats.js';
import { AgentSockets, waitFor } from '../agents.js';
import { checkAccount, type Correctness } from '../correctness.js';
import { insertQueuedConversations, seedAccount } from '../seed.js';
import type { BenchStack } from '../stack.js';

export interface LatencyRun {
  p50: number;
  p99: number;
  samples: number;
  correctness: Correctness;
}

/**
 * Agents at capacity 1 with a queue behind them: each resolves what it holds as soon as it arrives, and the
 * figure is the time from sending the resolve to receiving the next queued conversation (docs/invariants.md (I4):
 * "the moment a slot frees").
 */
export async function drainLatency(
  stack: BenchStack,
  opts: { agents: number; samples: number; timeoutMs?: number; resolveVia: 'rest' | 'socket' },
): Promise<LatencyRun> {
  const account = await seedAccount(stack.pool, { agents: opts.agents, capacity: 1 });
  const sockets = new AgentSockets();
  const samples: number[] = [];
  const resolveSentAt = new Map<string, number>();
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const byId = new Map(account.agents.map((a) => [a.id, a]));
  sockets.onReceived((userId, r) => {
    const t = resolveSentAt.get(userId);
    if (t !== undefined) {
      resolveSentAt.delete(userId);
      samples.push(r.receivedAt - t);
      if (samples.length >= opts.samples) finish();
    }
    if (samples.length >= opts.samples) return;
    // Resolve at once: the next conversation for this agent can only come from the freed slot.
    resolveSentAt.set(userId, performance.now());
    if (opts.resolveVia === 'rest')
      void callJson(stack.url, 'POST', API.resolve(r.conversationId), { token: byId.get(userId)!.token });
    else
      void sockets.byUser
        .get(userId)
        ?.resolve(r.conversationId)
        .catch(() => {});
  });
  try {
    await sockets.connect(stack.url, account.agents);
    const ids = await insertQueuedConversations(stack.pool, account, opts.agents + opts.samples);
    await stack.contract.triggerRouting(account.accountId);
    await Promise.race([finished, new Promise((r) => setTimeout(r, opts.timeoutMs ?? 60_000))]);
    // Let the last resolves land before the ledger is checked.
    await waitFor(
      async () => {
        const { rows } = await stack.pool.query(
          `select count(*) as n from agent_loads where user_id = any($1::uuid[]) and ongoing > 1`,
          [account.agents.map((a) => a.id)],
        );
        return Number(rows[0].n) === 0;
      },
      2000,
      50,
    );
    await new Promise((r) => setTimeout(r, 300));
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
