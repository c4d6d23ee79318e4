import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStack, type TestStack } from '../support/stack.js';
import { RoutingFixtures } from '../support/routing-fixtures.js';
import { checkInvariants } from '../support/invariants.js';
import { routingFor, type Routing } from '../../server/src/routing/routing.module.js';
import { reasonFor, type Explanation } from '../../server/src/routing/policy/index.js';
import { explainEvents, type ReplayedExplanation } from '../../server/src/routing/snapshot.store.js';

let stack: TestStack;
let routing: Routing;
let fx: RoutingFixtures;
const em = () => stack.orm.em.fork();
const sql = <T = any>(q: string, p: unknown[] = []) => em().execute<T[]>(q, p);

beforeAll(async () => {
  stack = await createStack({ servers: 1 });
  routing = routingFor(stack.servers[0].ctx);
  fx = new RoutingFixtures(em);
});
afterAll(() => stack?.close());

async function online(accountId: string, ids: string[]) {
  for (const id of ids) await routing.presence.heartbeat(accountId, id, 60_000);
}

describe('automatic routing (one batch)', () => {
  it('assigns within capacity, team and presence, in queue order, and explains each decision', async () => {
    const acc = await fx.account();
    const [t1, t2] = await fx.teams(acc.id, 2);
    const [a, b, away, pending, other] = await fx.users(acc.id, [
      { capacity: 2, teams: [t1] },
      { capacity: 1, teams: [t1] },
      { capacity: 5, teams: [t1] },
      { capacity: 5, teams: [t1], status: 'pending' },
      { capacity: 5, teams: [t2] },
    ]);
    await online(acc.id, [a, b, pending, other]);
    const convs = await fx.conversations(acc.id, acc.channelId, [
      { teamId: t1 },
      { teamId: t1, priority: 5 },
      { teamId: t1 },
      { teamId: t1 },
      { teamId: t2 },
    ]);
    const assigned = await routing.router.routeAccount(acc.id);
    expect(assigned).toBe(4);
    const rows = await sql<{ id: string; status: string; assignee_id: string | null }>(
      `select id, status, assignee_id from conversations where account_id = ?`,
      [acc.id],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    // Priority 5 first, then the two oldest of team 1; the youngest of team 1 waits.
    expect(byId.get(convs[1])!.status).toBe('assigned');
    expect(byId.get(convs[0])!.status).toBe('assigned');
    expect(byId.get(convs[2])!.status).toBe('assigned');
    expect(byId.get(convs[3])!.status).toBe('unassigned');
    expect(byId.get(convs[4])!.assignee_id).toBe(other);
    const inv = await checkInvariants(em(), acc.id);
    expect(inv).toEqual({ ledgerMismatch: [], overCapacity: [], badStatus: [], ineligible: [] });

    const [stored] = await sql<{ explanation: unknown; kind: string }>(
      `select explanation, kind from assignment_events where conversation_id = ?`,
      [convs[1]],
    );
    expect(stored.kind).toBe('auto');
    const [event] = await explainEvents(em(), acc.id, [{ ...stored, conversationId: convs[1] }]);
    const explanation = event.explanation as Explanation & ReplayedExplanation;
    expect(reasonFor(explanation, away)).toBe('offline');
    expect(reasonFor(explanation, pending)).toBe('pending');
    expect(reasonFor(explanation, other)).toBe('not_in_team');
    expect(explanation.record.excluded.not_in_team).toBe(1);
    expect(reasonFor(explanation, a) === 'chosen' || reasonFor(explanation, b) === 'chosen').toBe(true);
    const rt = await sql(
      `select type, audience_user_ids, payload from realtime_events where account_id = ? order by id`,
      [acc.id],
    );
    expect(rt).toHaveLength(4);
    expect(rt[0].type).toBe('conversation.assigned');
  });

  it('a freed slot goes to the highest-priority oldest conversation (resolve triggers the drain)', async () => {
    const acc = await fx.account();
    const [a] = await fx.users(acc.id, [{ capacity: 1, role: 'admin' }]);
    await online(acc.id, [a]);
    const [first, second, third] = await fx.conversations(acc.id, acc.channelId, [{}, {}, { priority: 1 }]);
    await routing.router.routeAccount(acc.id);
    const actor = { userId: a, accountId: acc.id, role: 'admin' as const, name: 'A' };
    await routing.actions.resolve(actor, third);
    await routing.router.routeAccount(acc.id);
    const [row] = await sql(`select status from conversations where id = ?`, [first]);
    expect(row.status).toBe('assigned');
    const [row2] = await sql(`select status from conversations where id = ?`, [second]);
    expect(row2.status).toBe('unassigned');
    expect(await checkInvariants(em(), acc.id)).toEqual({
      ledgerMismatch: [],
      overCapacity: [],
      badStatus: [],
      ineligible: [],
    });
  });
});

describe('manual actions', () => {
  it('pick obeys capacity; assign may override it and records the override; transfer, unassign, reopen keep the ledger', async () => {
    const acc = await fx.account();
    const [t1, t2] = await fx.teams(acc.id, 2);
    const [admin, sale, svc] = await fx.users(acc.id, [
      { role: 'admin', capacity: 1, teams: [t1, t2] },
      { role: 'sale', capacity: 1, teams: [t1] },
      { role: 'service', capacity: 1, teams: [t2] },
    ]);
    const [c1, c2, c3] = await fx.conversations(acc.id, acc.channelId, [
      { teamId: t1, ownerId: sale },
      { teamId: t1, ownerId: sale },
      { teamId: t1 },
    ]);
    const A = { userId: admin, accountId: acc.id, role: 'admin' as const, name: 'Admin' };
    const S = { userId: sale, accountId: acc.id, role: 'sale' as const, name: 'Sale' };
    const V = { userId: svc, accountId: acc.id, role: 'service' as const, name: 'Svc' };
    await routing.actions.pick(S, c1);
    await expect(routing.actions.pick(S, c2)).rejects.toMatchObject({
      code: 'conflict',
      details: { reason: 'at_capacity' },
    });
    await expect(routing.actions.pick(S, c3)).rejects.toMatchObject({ code: 'not_found' }); // a Sale user cannot see it
    await expect(routing.actions.pick(V, c3)).rejects.toMatchObject({
      code: 'conflict',
      details: { reason: 'not_in_team' },
    });
    await expect(routing.actions.assign(S, c2, sale)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(routing.actions.assign(A, c2, sale)).rejects.toMatchObject({ code: 'conflict' });
    await routing.actions.assign(A, c2, sale, { capacityOverride: true });
    const [ev] = await sql(
      `select capacity_override from assignment_events where conversation_id = ? and kind = 'assign'`,
      [c2],
    );
    expect(ev.capacity_override).toBe(true);
    await routing.actions.transfer(S, c1, { toTeamId: t2 });
    await expect(routing.actions.transfer(A, c1, { toUserId: svc })).rejects.toMatchObject({ code: 'conflict' }); // now unassigned
    await routing.actions.assign(A, c1, svc);
    await routing.actions.transfer(V, c1, { toUserId: admin });
    await routing.actions.transfer(A, c1, { toUserId: svc });
    await routing.actions.unassign(V, c1);
    await routing.actions.resolve(A, c1);
    await routing.actions.reopen(A, c1);
    await expect(routing.actions.reopen(A, c1)).rejects.toMatchObject({ code: 'conflict' });
    const loads = await sql(`select user_id, ongoing from agent_loads where account_id = ? order by user_id`, [acc.id]);
    expect(Object.fromEntries(loads.map((l) => [l.user_id, l.ongoing]))).toEqual({ [admin]: 0, [sale]: 1, [svc]: 0 });
    const inv = await checkInvariants(em(), acc.id);
    expect(inv.ledgerMismatch).toEqual([]);
    expect(inv.ineligible).toEqual([]);
    const types = await sql(`select type from realtime_events where account_id = ? order by id`, [acc.id]);
    expect(types.map((t) => t.type)).toEqual([
      'conversation.assigned',
      'conversation.assigned',
      'conversation.transferred',
      'conversation.assigned',
      'conversation.transferred',
      'conversation.transferred',
      'conversation.unassigned',
      'conversation.resolved',
      'conversation.reopened',
    ]);
  });
});

describe('inbound webhook', () => {
  const post = (key: string, body: unknown) =>
    fetch(`${stack.url}/v1/inbound/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    });

  it('rejects a missing key and a bad body with field messages', async () => {
    const acc = await fx.account();
    expect((await post('nope', {})).status).toBe(401);
    const res = await post(acc.apiKey, { channel: {}, contact: { phone: 'abc' } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.details.fields.map((f: any) => f.field)).toEqual(
      expect.arrayContaining(['body.contact.phone', 'body.text', 'body.providerMessageId']),
    );
  });

  it('20 concurrent posts of one message → one message, one conversation, one assignment', async () => {
    await stack.addWorker();
    const acc = await fx.account();
    const [agentId] = await fx.users(acc.id, [{ capacity: 3 }]);
    await online(acc.id, [agentId]);
    const msg = {
      channel: { phone: acc.channelPhone },
      contact: { phone: '+33 6 12 34 56 78', name: 'Zoé' },
      text: 'Bonjour',
      providerMessageId: 'wamid.1',
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => post(acc.apiKey, msg)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    await expect
      .poll(
        async () => (await sql(`select count(*)::int as n from assignment_events where account_id = ?`, [acc.id]))[0].n,
        { timeout: 5000 },
      )
      .toBe(1);
    expect((await sql(`select count(*)::int as n from messages where account_id = ?`, [acc.id]))[0].n).toBe(1);
    expect(
      (
        await sql(`select count(*)::int as n from conversations where account_id = ? and status = 'assigned'`, [acc.id])
      )[0].n,
    ).toBe(1);
    // A second message from the same contact joins the ongoing conversation.
    const again = await post(acc.apiKey, { ...msg, providerMessageId: 'wamid.2' });
    expect(again.status).toBe(201);
    expect((await again.json()).conversationCreated).toBe(false);
  });
});
