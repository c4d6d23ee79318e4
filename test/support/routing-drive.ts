import type { EntityManager } from '@mikro-orm/postgresql';
import { lockAccount } from '../../server/src/routing/account-lock.js';
import {
  decide,
  seededRandom,
  type ConversationToRoute,
  type RoutingSettings,
} from '../../server/src/routing/policy/index.js';
import type { PresenceStore } from '../../server/src/routing/presence.js';
import { loadAgents, loadSettings } from '../../server/src/routing/snapshot.repository.js';

/** Changes a capacity as the users module does: under the account lock. Returns whether it was raised. */
export async function setCapacity(
  em: EntityManager,
  accountId: string,
  userId: string,
  capacity: number | null,
): Promise<boolean> {
  return em.transactional(async (tx) => {
    await lockAccount(tx, accountId);
    const [before] = await tx.execute(`select capacity from users where id = ? and account_id = ?`, [
      userId,
      accountId,
    ]);
    await tx.execute(`update users set capacity = ? where id = ? and account_id = ?`, [capacity, userId, accountId]);
    const old = before.capacity as number | null;
    return capacity === null ? old !== null : old !== null && capacity > old;
  });
}

/** Agents resolving conversations, in bulk: status and ledger together, under the lock. */
export async function resolveSome(em: EntityManager, accountId: string, n: number): Promise<number> {
  return em.transactional(async (tx) => {
    await lockAccount(tx, accountId);
    const [r] = await tx.execute(
      `with picked as (select id, assignee_id from conversations where account_id = ? and status = 'assigned' order by random() limit ?),
       res as (update conversations c set status = 'resolved', resolved_at = now() from picked p where c.id = p.id returning p.assignee_id),
       led as (update agent_loads l set ongoing = l.ongoing - x.n from (select assignee_id, count(*)::int as n from res group by assignee_id) x
               where l.user_id = x.assignee_id returning 1)
       select (select count(*) from res)::int as n, (select count(*) from led)::int as m`,
      [accountId, n],
    );
    return r.n as number;
  });
}

/**
 * Unassigned conversations that some agent could take right now, by the policy itself: the liveness
 * check (I4) once routing has settled. Empty means "everything assignable was assigned".
 */
export async function assignableButWaiting(
  em: EntityManager,
  accountId: string,
  presence: PresenceStore,
): Promise<string[]> {
  const settings = (await loadSettings(em, accountId)) as RoutingSettings;
  const agents = await loadAgents(em, accountId, await presence.snapshot(accountId));
  const rows = await em.execute<
    Array<{ id: string; team_id: string | null; priority: number; owner_id: string | null }>
  >(
    `select c.id, c.team_id, c.priority, ct.owner_id from conversations c join contacts ct on ct.id = c.contact_id
     where c.account_id = ? and c.status = 'unassigned'`,
    [accountId],
  );
  const random = seededRandom(1);
  return rows
    .map((r): ConversationToRoute => ({
      id: r.id,
      accountId,
      teamId: r.team_id,
      priority: r.priority,
      contactOwnerId: r.owner_id,
    }))
    .filter((c) => decide(agents, c, settings, random).kind === 'assigned')
    .map((c) => c.id);
}

export async function waitFor(cond: () => Promise<boolean>, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return cond();
}
