import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createStack, type TestStack } from '../support/stack.js';
import { seedAccount, type SeededAccount } from '../support/accounts.js';
import type { AuthContext } from '../../server/src/modules/auth/auth.context.js';
import type { OnRoutingNeeded, RoutingReason } from '../../server/src/modules/users/routing-hook.js';
import { removeUser, setCapacity, updateUser } from '../../server/src/modules/users/users.service.js';
import { createTeam, deleteTeam, setTeamMembers } from '../../server/src/modules/teams/teams.service.js';

let stack: TestStack;
let acct: SeededAccount;
let auth: AuthContext;

beforeAll(async () => {
  stack = await createStack({ servers: 0 });
  acct = await seedAccount(stack.orm.em.fork(), 'Hooks');
  const o = acct.owner;
  auth = { sessionId: randomUUID(), userId: o.id, accountId: acct.id, role: 'admin', email: o.email, name: o.name, isOwner: true, totpEnabled: false, enrollmentRequired: false };
});
afterAll(() => stack?.close());

/** Records each call and what another connection sees at that moment: the change must already be committed. */
function recorder(probe: () => Promise<unknown>) {
  const calls: Array<{ reason: RoutingReason; seen: unknown }> = [];
  const hook: OnRoutingNeeded = async (accountId, reason) => {
    expect(accountId).toBe(acct.id);
    calls.push({ reason, seen: await probe() });
  };
  return { calls, deps: { onRoutingNeeded: hook } };
}

const em = () => stack.orm.em.fork() as EntityManager;
const q = async (sql: string, params: unknown[]) => (await stack.orm.em.fork().execute(sql, params))[0];

describe('admin changes ask routing to look, after commit', () => {
  it('capacity: raising asks, lowering does not', async () => {
    const id = acct.byRole.service.id;
    const r = recorder(() => q(`select capacity from users where id = ?`, [id]));
    await setCapacity(em(), auth, id, 2, r.deps);
    await setCapacity(em(), auth, id, 5, r.deps);
    await setCapacity(em(), auth, id, 1, r.deps);
    await setCapacity(em(), auth, id, null, r.deps);
    expect(r.calls).toEqual([
      { reason: 'capacity_changed', seen: { capacity: 5 } },
      { reason: 'capacity_changed', seen: { capacity: null } },
    ]);
  });

  it('teams: gaining a member and deletion ask; losing one does not', async () => {
    const sale = acct.byRole.sale.id;
    const r = recorder(() => q(`select count(*)::int as n from team_members where user_id = ?`, [sale]));
    const team = await createTeam(em(), auth, { name: 'Hooked', memberIds: [sale] }, r.deps);
    await setTeamMembers(em(), auth, team.id, [], r.deps);
    await updateUser(em(), auth, sale, { teamIds: [team.id] }, r.deps);
    await deleteTeam(em(), auth, team.id, r.deps);
    expect(r.calls).toEqual([
      { reason: 'team_member_added', seen: { n: 1 } },
      { reason: 'team_member_added', seen: { n: 1 } },
      { reason: 'team_deleted', seen: { n: 0 } },
    ]);
  });

  it('removal asks once the user is gone', async () => {
    const id = acct.byRole.developer.id;
    const r = recorder(() => q(`select count(*)::int as n from users where id = ?`, [id]));
    await removeUser(em(), auth, id, r.deps);
    expect(r.calls).toEqual([{ reason: 'user_removed', seen: { n: 0 } }]);
  });

  it('a failed change asks nothing', async () => {
    const r = recorder(async () => null);
    await expect(removeUser(em(), auth, acct.owner.id, r.deps)).rejects.toMatchObject({ status: 409 });
    await expect(setCapacity(em(), auth, randomUUID(), 3, r.deps)).rejects.toMatchObject({ status: 404 });
    expect(r.calls).toEqual([]);
  });
});
