import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Serialises every transaction that changes assignments or eligibility in one account: routing batches,
 * manual actions, inbound messages (they write socket events), capacity, team and role changes, removals.
 * Two consequences the rest of the system relies on:
 * - a routing batch decides on a snapshot nobody changes before it commits (I1–I3 without row locks);
 * - `realtime_events` ids of an account grow in commit order, so a reconnecting socket can replay
 *   "everything after id N" without missing an event that committed late.
 * Held until the transaction ends. A hash collision between two accounts only serialises them.
 */
export async function lockAccount(em: EntityManager, accountId: string): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`switchboard:account:${accountId}`]);
}
