import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createStack, type TestStack } from '../support/stack.js';
import { api, signIn } from '../support/api.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';
import { RoutingFixtures } from '../support/routing-fixtures.js';
import { waitFor } from '../support/routing-drive.js';

let stack: TestStack;
let acc: SeededAccount;
const tokens: Record<string, string> = {};
const em = () => stack.orm.em.fork();
const sql = <T = any>(q: string, p: unknown[] = []) => em().execute<T[]>(q, p);
const as = (role: keyof SeededAccount['byRole']) => api(stack.url, tokens[role]);

beforeAll(async () => {
  stack = await createStack({ servers: 1, workers: 1 });
  acc = await seedAccount(em(), 'Convo');
  for (const [role, u] of Object.entries(acc.byRole)) tokens[role] = await signIn(stack.url, u.email, PASSWORD);
  await sql(
    `insert into channels (id, account_id, name, phone_number, created_at) values (gen_random_uuid(), ?, 'wa', '+15550001', now())`,
    [acc.id],
  );
});
afterAll(() => stack?.close());

async function channelId() {
  return (await sql(`select id from channels where account_id = ? limit 1`, [acc.id]))[0].id as string;
}

describe('visibility', () => {
  it('a Sale user lists and reads exactly their assigned and owned conversations; Service sees all (random data)', async () => {
    const fx = new RoutingFixtures(em);
    const sale = acc.byRole.sale.id;
    const others = [acc.byRole.service.id, acc.byRole.operator.id];
    const ch = await channelId();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            assignee: fc.constantFrom<string | null>(null, sale, ...others),
            owner: fc.constantFrom<string | null>(null, sale, others[0]),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (specs) => {
          await sql(`delete from conversations where account_id = ?`, [acc.id]);
          const ids = await fx.conversations(
            acc.id,
            ch,
            specs.map((s) => ({ ownerId: s.owner })),
          );
          for (const [i, s] of specs.entries())
            if (s.assignee)
              await sql(`update conversations set status = 'assigned', assignee_id = ? where id = ?`, [
                s.assignee,
                ids[i],
              ]);
          const expected = ids.filter((_, i) => specs[i].assignee === sale || specs[i].owner === sale).sort();
          const saleList = await as('sale').get('/conversations?limit=200');
          expect(saleList.status).toBe(200);
          expect(saleList.body.items.map((c: any) => c.id).sort()).toEqual(expected);
          for (const id of ids)
            expect((await as('sale').get(`/conversations/${id}`)).status).toBe(expected.includes(id) ? 200 : 404);
          const all = await as('service').get('/conversations?limit=200');
          expect(all.body.items).toHaveLength(ids.length);
        },
      ),
      { numRuns: 8 },
    );
    await sql(`update agent_loads set ongoing = 0 where account_id = ?`, [acc.id]);
    await sql(`delete from conversations where account_id = ?`, [acc.id]);
  });

  it('filters and paginates', async () => {
    const fx = new RoutingFixtures(em);
    await fx.conversations(
      acc.id,
      await channelId(),
      Array.from({ length: 5 }, () => ({ teamId: acc.team.id })),
    );
    const p1 = await as('admin').get(`/conversations?limit=2&teamId=${acc.team.id}&unassigned=true`);
    expect(p1.body.items).toHaveLength(2);
    const p2 = await as('admin').get(`/conversations?limit=10&teamId=${acc.team.id}&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items).toHaveLength(3);
    expect(p2.body.nextCursor).toBeNull();
    const bad = await as('admin').get('/conversations?status=open&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['query.limit', 'query.status']);
    await sql(`delete from conversations where account_id = ?`, [acc.id]);
  });
});

describe('manual actions over REST', () => {
  it('pick, assign with override (recorded), transfer, resolve, reopen, and the routing history', async () => {
    const fx = new RoutingFixtures(em);
    const svc = acc.byRole.service.id;
    await sql(`update users set capacity = 1 where id = ?`, [svc]);
    const [c1, c2] = await fx.conversations(acc.id, await channelId(), [{}, {}]);
    expect((await as('service').post(`/conversations/${c1}/pick`)).body).toMatchObject({
      status: 'assigned',
      assigneeId: svc,
    });
    const full = await as('service').post(`/conversations/${c2}/pick`);
    expect(full.status).toBe(409);
    expect(
      (await as('operator').post(`/conversations/${c2}/assign`, { userId: svc, capacityOverride: true })).status,
    ).toBe(403);
    expect((await as('service').post(`/conversations/${c2}/assign`, { userId: svc })).status).toBe(403);
    expect(
      (await as('inbox_manager').post(`/conversations/${c2}/assign`, { userId: svc, capacityOverride: true })).status,
    ).toBe(200);
    expect((await as('service').post(`/conversations/${c1}/transfer`, {})).status).toBe(400);
    expect(
      (await as('service').post(`/conversations/${c1}/transfer`, { toUserId: acc.byRole.sale.id })).body.assigneeId,
    ).toBe(acc.byRole.sale.id);
    expect((await as('sale').post(`/conversations/${c1}/resolve`)).body.status).toBe('resolved');
    expect((await as('admin').post(`/conversations/${c1}/reopen`)).status).toBe(200);
    const history = await as('admin').get(`/conversations/${c2}/routing`);
    expect(history.status).toBe(200);
    expect(history.body.events.map((e: any) => [e.kind, e.capacityOverride])).toEqual([['assign', true]]);
    expect((await as('sale').get(`/conversations/${c2}/routing`)).status).toBe(404);
    const other = randomUUID();
    expect((await as('admin').post(`/conversations/${other}/resolve`)).status).toBe(404);
  });

  it('a waiting conversation explains why it waits, and becoming available routes it at once', async () => {
    const fx = new RoutingFixtures(em);
    const dev = acc.byRole.developer.id;
    await sql(`update users set capacity = 0 where account_id = ? and id <> ?`, [acc.id, dev]);
    await sql(`update users set capacity = 2 where id = ?`, [dev]);
    const [c] = await fx.conversations(acc.id, await channelId(), [{}]);
    const why = await as('admin').get(`/conversations/${c}/routing`);
    expect(why.body.current.kind).toBe('unassigned');
    expect(why.body.current.explanation.excluded.offline).toContain(dev);
    const avail = await as('developer').put('/me/availability', { status: 'available' });
    expect(avail.body.status).toBe('available');
    expect(
      await waitFor(
        async () => (await sql(`select assignee_id from conversations where id = ?`, [c]))[0].assignee_id === dev,
        5000,
        20,
      ),
    ).toBe(true);
    expect((await as('developer').put('/me/availability', { status: 'away' })).status).toBe(400);
    expect((await as('developer').put('/me/availability', { status: 'paused' })).body.status).toBe('paused');
    const history = await as('admin').get(`/conversations/${c}/routing`);
    expect(history.body.events[0].kind).toBe('auto');
    expect(history.body.events[0].explanation.ranked[0]).toMatchObject({ agentId: dev, result: 'chosen' });
  });
});

describe('channels, routing settings, contacts, API keys', () => {
  it('channels are managed by Integration roles', async () => {
    const created = await as('inbox_manager').post('/channels', {
      name: 'Sales line',
      phoneNumber: '+1 555 0199',
      defaultTeamId: acc.team.id,
    });
    expect(created.status).toBe(201);
    expect(created.body.phoneNumber).toBe('+15550199');
    expect((await as('inbox_manager').post('/channels', { name: 'dup', phoneNumber: '+15550199' })).status).toBe(409);
    expect((await as('operator').get('/channels')).status).toBe(403);
    expect(
      (await as('developer').patch(`/channels/${created.body.id}`, { defaultTeamId: null })).body.defaultTeamId,
    ).toBeNull();
    expect((await as('admin').post('/channels', { name: '', phoneNumber: 'x' })).status).toBe(400);
    expect((await as('admin').delete(`/channels/${created.body.id}`)).status).toBe(200);
  });

  it('routing settings are Admin-only and audited', async () => {
    expect((await as('inbox_manager').put('/account/routing', { strategy: 'round_robin' })).status).toBe(403);
    const r = await as('admin').put('/account/routing', { strategy: 'round_robin', ownerFallback: 'wait' });
    expect(r.body).toEqual({ strategy: 'round_robin', ownerFallback: 'wait' });
    expect((await as('admin').put('/account/routing', { strategy: 'random' })).status).toBe(400);
    const audit = await sql(
      `select action from audit_events where account_id = ? and action = 'account.routing_changed'`,
      [acc.id],
    );
    expect(audit).toHaveLength(1);
    await as('admin').put('/account/routing', { strategy: 'balanced', ownerFallback: 'pool' });
  });

  it('contact owners: managers set any; a Sale user takes an unowned contact of their conversation only', async () => {
    const fx = new RoutingFixtures(em);
    const sale = acc.byRole.sale.id;
    const [mine, theirs] = await fx.conversations(acc.id, await channelId(), [{}, {}]);
    await sql(`update conversations set status = 'assigned', assignee_id = ? where id = ?`, [sale, mine]);
    await sql(`update agent_loads set ongoing = ongoing + 1 where user_id = ?`, [sale]);
    const [{ contact_id: myContact }] = await sql(`select contact_id from conversations where id = ?`, [mine]);
    const [{ contact_id: otherContact }] = await sql(`select contact_id from conversations where id = ?`, [theirs]);
    expect((await as('sale').get(`/contacts/${otherContact}`)).status).toBe(404);
    expect((await as('sale').put(`/contacts/${myContact}/owner`, { ownerId: sale })).body.ownerId).toBe(sale);
    expect((await as('sale').put(`/contacts/${myContact}/owner`, { ownerId: null })).status).toBe(403);
    expect((await as('inbox_manager').put(`/contacts/${otherContact}/owner`, { ownerId: sale })).body.ownerId).toBe(
      sale,
    );
    const list = await as('sale').get('/contacts?limit=200');
    const visible = await sql(
      `select ct.id from contacts ct where ct.account_id = ? and (ct.owner_id = ? or exists
      (select 1 from conversations c where c.contact_id = ct.id and c.assignee_id = ?))`,
      [acc.id, sale, sale],
    );
    expect(list.body.items.map((c: any) => c.id).sort()).toEqual(visible.map((v) => v.id).sort());
    expect(list.body.items.map((c: any) => c.id)).toEqual(expect.arrayContaining([myContact, otherContact]));
    expect((await as('admin').get('/contacts?limit=200')).body.items.length).toBeGreaterThan(visible.length);
    expect((await as('service').get('/contacts')).status).toBe(403);
  });

  it('contact search: by name without digits, by phone digits, and no match for a foreign name', async () => {
    const fx = new RoutingFixtures(em);
    const [id] = await fx.conversations(acc.id, await channelId(), [{}]);
    const [{ contact_id: contactId }] = await sql(`select contact_id from conversations where id = ?`, [id]);
    await sql(`update contacts set name = 'Zoë Quartermaine', phone_number = '+4915112345678' where id = ?`, [
      contactId,
    ]);
    const ids = async (q: string) => {
      const r = await as('admin').get(`/contacts?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
      return r.body.items.map((c: any) => c.id);
    };
    expect(await ids('quarterm')).toEqual([contactId]);
    expect(await ids('151 123')).toEqual([contactId]);
    expect(await ids('+49 151')).toContain(contactId);
    expect(await ids('abc-no-such-name')).toEqual([]);
  });

  it('API keys: created by Developers, shown once, usable by the webhook, revocable', async () => {
    expect((await as('operator').post('/api-keys', { name: 'x' })).status).toBe(403);
    const k = await as('developer').post('/api-keys', { name: 'provider' });
    expect(k.status).toBe(201);
    expect(k.body.key).toMatch(/^sbk_/);
    expect(JSON.stringify((await as('admin').get('/api-keys')).body)).not.toContain(k.body.key);
    const post = () =>
      api(stack.url).post(
        '/v1/inbound/messages',
        {
          channel: { phone: '+15550001' },
          contact: { phone: '+4470000001', name: 'K' },
          text: 'hi',
          providerMessageId: randomUUID(),
        },
        { 'x-api-key': k.body.key },
      );
    expect((await post()).status).toBe(201);
    expect((await as('admin').delete(`/api-keys/${k.body.id}`)).body.revokedAt).not.toBeNull();
    expect((await post()).status).toBe(401);
  });
});
