import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Serialises, per account, every transaction that changes assignments or who is eligible (routing claims,
 * manual actions, capacity/role/team changes, removals). Inside it a routing snapshot cannot go stale before
 * commit, so I1–I3 hold however many workers race, and realtime event ids grow in commit order per account.
 * Must be called inside a transaction (`em.transactional`): the lock is released at commit or rollback.
 */
export async function lockAccountRouting(em: EntityManager, accountId: string): Promise<void> {
  await em.getConnection().execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`routing:${accountId}`], 'get', em.getTransactionContext());
}
