import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgentCapacityUpdate, AgentLoadUpdate, CapacitySetRequest } from '../../../client-sdk/src/events.js';
import type { AppContext } from '../context.js';
import { forbidden, notFound } from '../http/errors.js';
import type { AuthContext } from '../modules/auth/auth.context.js';
import { lockAccount } from '../routing/account-lock.js';
import { publishToAdmins, type RealtimeTarget } from './publish.js';
import type { RequestRouting } from './routing-trigger.js';

/**
 * An Admin changes an agent's capacity while traffic flows. Under the routing lock, so a claim running at
 * the same moment sees either the old or the new capacity, never a mix; after commit, every admin's live
 * view is told and, when the change can free a slot, routing runs at once (a raise drains the queue).
 *
 * LEAD: the REST endpoint (users module) should call this same function so both paths stay one rule.
 */
export async function setCapacity(
  deps: { ctx: AppContext; target: RealtimeTarget; requestRouting: RequestRouting },
  actor: Pick<AuthContext, 'accountId' | 'userId' | 'name' | 'role'>,
  input: CapacitySetRequest,
): Promise<AgentCapacityUpdate> {
  if (actor.role !== 'admin') throw forbidden('Only Admins change capacity');
  const em = deps.ctx.orm.em.fork() as EntityManager;
  const result = await em.transactional(async (tx) => {
    await lockAccount(tx, actor.accountId);
    const conn = tx.getConnection();
    const trx = tx.getTransactionContext();
    const rows = await conn.execute<{ capacity: number | null; email: string; ongoing: number | null }[]>(
      `select u.capacity, u.email, l.ongoing from users u left join agent_loads l on l.user_id = u.id
        where u.id = ? and u.account_id = ? for update of u`,
      [input.userId, actor.accountId], 'all', trx,
    );
    const before = rows[0];
    if (!before) throw notFound('User');
    await conn.execute('update users set capacity = ? where id = ?', [input.capacity, input.userId], 'run', trx);
    await conn.execute(
      `insert into audit_events (account_id, actor_user_id, actor_name, action, target_type, target_id, target_label, before, after, created_at)
       values (?, ?, ?, 'user.capacity_changed', 'user', ?, ?, ?::jsonb, ?::jsonb, now())`,
      [actor.accountId, actor.userId, actor.name, input.userId, before.email, JSON.stringify({ capacity: before.capacity }), JSON.stringify({ capacity: input.capacity })],
      'run', trx,
    );
    return { previous: before.capacity, ongoing: before.ongoing ?? 0 };
  });
  const at = new Date().toISOString();
  const update: AgentCapacityUpdate = { userId: input.userId, capacity: input.capacity, previousCapacity: result.previous, actorUserId: actor.userId, at };
  const load: AgentLoadUpdate = { userId: input.userId, ongoing: result.ongoing, capacity: input.capacity, at };
  publishToAdmins(deps.target, actor.accountId, 'agent.capacity', update);
  publishToAdmins(deps.target, actor.accountId, 'agent.load', load);
  if (canFreeSlot(result.previous, input.capacity)) await deps.requestRouting(actor.accountId, 'capacity_changed');
  return update;
}

/** A raise (or going unlimited) can let queued conversations in; a cut never assigns anything. */
const canFreeSlot = (before: number | null, after: number | null) => after === null ? before !== null : before !== null && after > before;
