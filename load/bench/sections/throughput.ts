import { AgentSockets, waitFor } from '../agents.js';
import { checkAccount, type Correctness } from '../correctness.js';
import { insertQueuedConversations, seedAccount } from '../seed.js';
import type { BenchStack } from '../stack.js';

export interface ThroughputRun {
  /** Conversations per second from "stored and triggered" to "committed and received". */
  rate: number;
  complete: boolean;
  correctness: Correctness;
}

/**
 * Stores `conversations` unassigned conversations in one statement, triggers routing once, and times until
 * every one is committed as assigned and every one that went to a connected agent reached that agent's socket.
 * Agents beyond `connected` are made present in the presence store without a socket (see EngineContract).
 */
export async function routingThroughput(
  stack: BenchStack,
  opts: { agents: number; connected: number; conversations: number; gateway: boolean; timeoutMs?: number },
): Promise<ThroughputRun> {
  const capacity = Math.ceil(opts.conversations / opts.agents) + 1;
  const account = await seedAccount(stack.pool, { agents: opts.agents, capacity });
  const sockets = new AgentSockets();
  const live = opts.gateway ? account.agents.slice(0, opts.connected) : [];
  try {
    if (live.length) await sockets.connect(stack.url, live);
    await stack.contract.markPresent(
      account.accountId,
      account.agents.slice(live.length).map((a) => a.id),
    );
    const ids = await insertQueuedConversations(stack.pool, account, opts.conversations);
    const assigned = async () =>
      Number(
        (
          await stack.pool.query(
            `select count(*) as n from conversations where account_id = $1 and status = 'assigned'`,
            [account.accountId],
          )
        ).rows[0].n,
      );
    // A periodic sweep may have started on them already: count only what this trigger routes.
    const before = await assigned();
    const t0 = performance.now();
    await stack.contract.triggerRouting(account.accountId);
    let committedAt = 0;
    const committed = await waitFor(
      async () => {
        if ((await assigned()) < ids.length) return false;
        committedAt = performance.now();
        return true;
      },
      opts.timeoutMs ?? 20_000,
      10,
    );
    let receivedAt = committedAt;
    let received = true;
    if (live.length && committed) {
      const { rows } = await stack.pool.query(
        `select count(*) as n from conversations where account_id = $1 and status = 'assigned' and assignee_id = any($2::uuid[])`,
        [account.accountId, live.map((a) => a.id)],
      );
      const expected = Number(rows[0].n);
      received = await waitFor(() => sockets.total >= expected, 10_000, 5);
      receivedAt = Math.max(committedAt, sockets.lastReceivedAt);
    }
    const done = committed ? ids.length - before : (await assigned()) - before;
    const end = committed ? receivedAt : performance.now();
    const correctness = await checkAccount(stack.pool, account.accountId, {
      expectedConversationIds: ids,
      mustBeRouted: true,
      receivedBy: sockets.receivedBy,
    });
    if (!committed) await abandon(stack, account.accountId);
    return { rate: done / ((end - t0) / 1000), complete: committed && received, correctness };
  } finally {
    sockets.close();
  }
}

/**
 * After a timed-out run: take its leftovers out of the queue (resolved, unassigned) and its agents out of
 * presence, so the worker stops spending the next figure's CPU on them.
 */
export async function abandon(stack: BenchStack, accountId: string): Promise<void> {
  await stack.pool.query(
    `update conversations set status = 'resolved', resolved_at = now() where account_id = $1 and status = 'unassigned'`,
    [accountId],
  );
  await stack.redis.del(stack.contract.keys.presence(accountId));
}
