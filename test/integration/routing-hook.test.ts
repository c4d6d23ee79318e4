import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createStack, type TestStack } from '../support/stack.js';
import { seedAccount, type SeededAccount } from '../support/accounts.js';
import type { AuthContext } from '../../server/src/modules/auth/auth.context.js';
import type { AdminEffects, OnRoutingNeeded, RoutingReason } from '../../server/src/modules/users/routing-hook.js';
import type { StoredRealtimeEvent } from '../../server/src/realtime/event-log.js';
import {
  removeUser,
  setCapacity,
  transferOwnership,
  updateUser,
} from '../../server/src/modules/users/users.service.js';
import { createTeam, deleteTeam, setTeamMembers } from '../../server/src/modules/teams/teams.service.js';

let stack: TestStack;
let acct: SeededAccount;
let auth: AuthContext;

beforeAll(async () => {
  stack = await createStack({ servers: 0 });
  acct = await seedAccount(stack.orm.em.fork(), 'Hooks');
  const o = acct.owner;
  auth = {
    sessionId: randomUUID(),
    userId: o.id,
    accountId: acct.id,
    role: 'admin',
    email: o.email,
    name: o.name,
    isOwner: true,
    totpEnabled: false,
    enrollmentRequired: false,
  };
});
afterAll(() => stack?.close());

/** Records each call and what another connection sees at that moment: the change must already be committed. */
function recorder(probe: () => Promise<unknown>) {
  const calls: Array<{ reason: RoutingReason; seen: unknown }> = [];
  const changed: string[][] = [];
  const published: StoredRealtimeEvent[] = [];
  const hook: OnRoutingNeeded = async (accountId, reason) => {
    expect(accountId).toBe(acct.id);
    calls.push({ reason, seen: await probe() });
  };
  const deps: AdminEffects = {
    onRoutingNeeded: hook,
    onUsersChanged: async (_accountId, userIds) => void changed.push([...userIds].sort()),
    publish: (events) => void published.push(...events),
  };
  return { calls, changed, published, deps };
}

/** An ongoing conversation of `userId`, with the ledger in step. */
async function assignedConversation(userId: string): Promise<string> {
  const db = stack.orm.em.fork();
  const [channel, contact, conversation] = [randomUUID(), randomUUID(), randomUUID()];
  await db.execute(
    `insert into channels (id, account_id, name, phone_number, created_at) values (?, ?, 'WA', '+1555', now())`,
    [channel, acct.id],
    'run',
  );
  await db.execute(
    `insert into contacts (id, account_id, phone_number, name, created_at) values (?, ?, '+4400', 'C', now())`,
    [contact, acct.id],
    'run',
  );
  await db.execute(
    `insert into conversations (id, account_id, channel_id, contact_id, status, assignee_id, queued_at, assigned_at, last_message_at, created_at)
     values (?, ?, ?, ?, 'assigned', ?, now(), now(), now(), now())`,
    [conversation, acct.id, channel, contact, userId],
    'run',
  );
  await db.execute(`update agent_loads set ongoing = 1 where user_id = ?`, [userId], 'run');
  return conversation;
}

const em = () => stack.orm.em.fork();
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
    // Gateways hear about every membership change, joining or leaving.
    expect(r.changed).toEqual([[sale], [sale], [sale], [sale]]);
  });

  it('removal asks once the user is gone, and pushes the requeued conversations live', async () => {
    const id = acct.byRole.developer.id;
    const conversationId = await assignedConversation(id);
    const r = recorder(() => q(`select count(*)::int as n from users where id = ?`, [id]));
    await removeUser(em(), auth, id, r.deps);
    expect(r.calls).toEqual([{ reason: 'user_removed', seen: { n: 0 } }]);
    expect(r.changed).toEqual([[id]]);
    expect(r.published).toHaveLength(1);
    const [logged] = await stack.orm.em
      .fork()
      .execute(`select id::text as id from realtime_events where conversation_id = ?`, [conversationId]);
    expect(r.published[0]).toMatchObject({
      id: logged.id,
      accountId: acct.id,
      type: 'conversation.unassigned',
      conversationId,
      audienceAll: true,
      payload: {
        previousAssigneeId: id,
        reason: 'requeue',
        actorUserId: acct.owner.id,
        conversation: { id: conversationId, status: 'unassigned', assigneeId: null },
      },
    });
    expect(r.published[0].audienceUserIds).toContain(id);
  });

  it('transfer tells gateways about the new owner when their role changed', async () => {
    const target = acct.byRole.operator.id;
    const r = recorder(() => q(`select owner_id from accounts where id = ?`, [acct.id]));
    await transferOwnership(em(), auth, target, r.deps);
    expect(r.calls).toEqual([{ reason: 'role_changed', seen: { owner_id: target } }]);
    expect(r.changed).toEqual([[target]]);
    await transferOwnership(
      em(),
      { ...auth, userId: target, isOwner: true },
      acct.owner.id,
      recorder(async () => null).deps,
    );
  });

  it('a failed change asks nothing', async () => {
    const r = recorder(async () => null);
    await expect(removeUser(em(), auth, acct.owner.id, r.deps)).rejects.toMatchObject({ code: 'conflict' });
    await expect(setCapacity(em(), auth, randomUUID(), 3, r.deps)).rejects.toMatchObject({ code: 'not_found' });
    expect(r.calls).toEqual([]);
  });
});
