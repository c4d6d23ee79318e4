import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * docs/invariants.md checked in the database. Each query returns the offending rows, so a failure names them.
 * I1: no agent over capacity except through a recorded override; the ledger equals the assigned count.
 * I2: status and assignee agree (also a check constraint); no conversation is lost.
 * I3: every assignee is active, of the account, and in the conversation's team.
 */
export async function checkInvariants(em: EntityManager, accountId: string) {
  const sql = <T = any>(q: string) => em.execute<T[]>(q, [accountId]);
  const ledgerMismatch = await sql(`
    select l.user_id, l.ongoing, (select count(*)::int from conversations c where c.assignee_id = l.user_id and c.status = 'assigned') as actual
    from agent_loads l where l.account_id = ?
    and l.ongoing <> (select count(*) from conversations c where c.assignee_id = l.user_id and c.status = 'assigned')`);
  const overCapacity = await sql(`
    select u.id, u.capacity, l.ongoing from users u join agent_loads l on l.user_id = u.id
    where u.account_id = ? and u.capacity is not null and l.ongoing > u.capacity
      and not exists (select 1 from assignment_events e where e.to_user_id = u.id and e.capacity_override)`);
  const badStatus = await sql(`
    select id, status, assignee_id from conversations where account_id = ?
    and ((status = 'assigned') <> (assignee_id is not null) and status <> 'resolved')`);
  const ineligible = await sql(`
    select c.id, c.assignee_id, u.status, c.team_id from conversations c left join users u on u.id = c.assignee_id
    where c.account_id = ? and c.status = 'assigned'
      and (u.id is null or u.status <> 'active' or u.account_id <> c.account_id
           or (c.team_id is not null and not exists (select 1 from team_members tm where tm.team_id = c.team_id and tm.user_id = u.id)))`);
  return { ledgerMismatch, overCapacity, badStatus, ineligible };
}
