import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Test-only auditor of I1 at every commit, independent of the code under test: a deferred constraint
 * trigger on the capacity ledger records any transaction that commits an agent's ongoing count above
 * their capacity while increasing it (lowering capacity legitimately leaves ongoing above it, and a
 * recorded manual override may exceed it). It also records ledger rows that disagree with the
 * conversations table at commit.
 */
export async function installCapacityAudit(em: EntityManager): Promise<void> {
  await em.execute(
    `create table if not exists test_capacity_violations (at timestamptz default clock_timestamp(), user_id uuid, ongoing int, capacity int, actual int, kind text)`,
  );
  await em.execute(`
    create or replace function test_audit_load() returns trigger language plpgsql as $$
    declare cap int; cur int; actual int;
    begin
      select capacity into cap from users where id = new.user_id;
      select ongoing into cur from agent_loads where user_id = new.user_id;
      select count(*) into actual from conversations where assignee_id = new.user_id and status = 'assigned';
      if new.ongoing > old.ongoing and cap is not null and cur > cap
         and not exists (select 1 from assignment_events e where e.to_user_id = new.user_id and e.capacity_override) then
        insert into test_capacity_violations (user_id, ongoing, capacity, actual, kind) values (new.user_id, cur, cap, actual, 'over_capacity');
      end if;
      if cur <> actual then
        insert into test_capacity_violations (user_id, ongoing, capacity, actual, kind) values (new.user_id, cur, cap, actual, 'ledger_mismatch');
      end if;
      return null;
    end $$`);
  await em.execute(`drop trigger if exists test_audit_load on agent_loads`);
  await em.execute(
    `create constraint trigger test_audit_load after update on agent_loads deferrable initially deferred for each row execute function test_audit_load()`,
  );
}

export async function capacityViolations(em: EntityManager) {
  return em.execute<Array<{ user_id: string; ongoing: number; capacity: number; actual: number; kind: string }>>(
    `select * from test_capacity_violations`,
  );
}
