import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createStack, type TestStack } from '../support/stack.js';
import { api, signIn } from '../support/api.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';
import { RoutingFixtures } from '../support/routing-fixtures.js';
import { isoSql } from '../../server/src/db/conversation-summary.js';

let stack: TestStack;
let acc: SeededAccount;
const tokens: Record<string, string> = {};
const em = () => stack.orm.em.fork();
const sql = <T = any>(q: string, p: unknown[] = []) => em().execute<T[]>(q, p);
const as = (role: keyof SeededAccount['byRole']) => api(stack.url, tokens[role]);
const channels: string[] = [];

beforeAll(async () => {
  // No worker: nothing routes behind the test's back, so the queue holds exactly what the test put there.
  stack = await createStack({ servers: 1, workers: 0 });
  acc = await seedAccount(em(), 'Board');
  for (const [role, u] of Object.entries(acc.byRole)) tokens[role] = await signIn(stack.url, u.email, PASSWORD);
  for (const [name, phone] of [
    ['Main', '+15550001'],
    ['Sales line', '+15550002'],
  ]) {
    const id = randomUUID();
    channels.push(id);
    await sql(`insert into channels (id, account_id, name, phone_number, created_at) values (?, ?, ?, ?, now())`, [
      id,
      acc.id,
      name,
      phone,
    ]);
  }
});
afterAll(() => stack?.close());

describe('GET /load-board', () => {
  it('is for Admins (who may edit capacity) and Inbox Managers (who watch); other roles are refused', async () => {
    const admin = await as('admin').get('/load-board');
    expect(admin.status).toBe(200);
    expect(admin.body.canEditCapacity).toBe(true);
    expect(admin.body.agents.map((a: any) => a.name)).toContain('Board service');
    expect(admin.body.teams).toEqual([{ id: acc.team.id, name: 'Support' }]);
    expect(admin.body.channels.map((c: any) => c.name)).toEqual(['Main', 'Sales line']);

    const manager = await as('inbox_manager').get('/load-board');
    expect(manager.status).toBe(200);
    expect(manager.body.canEditCapacity).toBe(false);
    expect((await as('inbox_manager').put(`/users/${acc.byRole.service.id}/capacity`, { capacity: 9 })).status).toBe(
      403,
    );
    for (const role of ['operator', 'developer', 'service', 'sale'] as const)
      expect((await as(role).get('/load-board')).status, role).toBe(403);
    expect((await api(stack.url).get('/load-board')).status).toBe(401);
  });

  it("counts the queue per team and per number with each one's oldest wait, and the last minute's assignments", async () => {
    const fx = new RoutingFixtures(em);
    const [a1] = await fx.conversations(acc.id, channels[0], [{ teamId: acc.team.id }, { teamId: acc.team.id }]);
    // Not in a team, so the Service user (a member of none) may pick it.
    const [b1] = await fx.conversations(acc.id, channels[1], [{}]);
    const queued = async (id: string) =>
      (await sql<{ at: string }>(`select ${isoSql('queued_at')} as at from conversations where id = ?`, [id]))[0].at;

    const before = (await as('admin').get('/load-board')).body;
    expect(before.queue).toMatchObject({
      unassigned: 3,
      byTeam: { [acc.team.id]: 2, none: 1 },
      byChannel: { [channels[0]]: 2, [channels[1]]: 1 },
    });
    expect(before.queue.oldest.byTeam[acc.team.id]).toBe(await queued(a1));
    expect(before.queue.oldest.byChannel[channels[1]]).toBe(await queued(b1));
    expect(before.queue.oldest.all).toBe(await queued(a1));
    expect(before.recentAssignments).toEqual([]);

    expect((await as('service').post(`/conversations/${b1}/pick`)).status).toBe(200);
    const after = (await as('admin').get('/load-board')).body;
    expect(after.queue).toMatchObject({ unassigned: 2, byTeam: { [acc.team.id]: 2 }, byChannel: { [channels[0]]: 2 } });
    expect(after.queue.byTeam.none).toBeUndefined();
    expect(after.queue.oldest.byChannel[channels[1]]).toBeUndefined();
    expect(after.recentAssignments.reduce((n: number, [, c]: [number, number]) => n + c, 0)).toBe(1);
    expect(after.agents.find((a: any) => a.id === acc.byRole.service.id)).toMatchObject({ ongoing: 1 });
    await sql(`delete from conversations where account_id = ?`, [acc.id]);
    await sql(`update agent_loads set ongoing = 0 where account_id = ?`, [acc.id]);
  });

  it('shows each agent as available, paused or offline, and since when', async () => {
    const dev = acc.byRole.developer.id;
    const presenceOf = async () =>
      (await as('admin').get('/load-board')).body.agents.find((a: any) => a.id === dev) as {
        presence: string;
        presenceSince: string | null;
      };
    expect((await presenceOf()).presence).toBe('offline');
    await as('developer').put('/me/availability', { status: 'available' });
    const available = await presenceOf();
    expect(available.presence).toBe('available');
    expect(available.presenceSince).not.toBeNull();
    // A heartbeat that changes nothing keeps the time the state began.
    await as('developer').put('/me/availability', { status: 'available' });
    expect((await presenceOf()).presenceSince).toBe(available.presenceSince);
    await as('developer').put('/me/availability', { status: 'paused' });
    const paused = await presenceOf();
    expect(paused.presence).toBe('paused');
    expect(Date.parse(paused.presenceSince!)).toBeGreaterThanOrEqual(Date.parse(available.presenceSince!));
    await as('developer').put('/me/availability', { status: 'offline' });
    expect((await presenceOf()).presence).toBe('offline');
  });
});

describe('GET /conversations/{id}/routing names', () => {
  it('names every candidate for roles that see everything, and only the people who handled it for Sale', async () => {
    const fx = new RoutingFixtures(em);
    const sale = acc.byRole.sale;
    // Owned by the Sale user, so they may read it; everyone is offline, so it waits and is explained now.
    const [c] = await fx.conversations(acc.id, channels[0], [{ ownerId: sale.id, teamId: acc.team.id }]);
    const admin = (await as('admin').get(`/conversations/${c}/routing`)).body;
    expect(admin.current.kind).toBe('unassigned');
    expect(admin.current.explanation.teamId).toBe(acc.team.id);
    expect(admin.names.users[acc.byRole.service.id]).toBe('Board service');
    expect(admin.names.teams).toEqual({ [acc.team.id]: 'Support' });

    const own = await as('sale').get(`/conversations/${c}/routing`);
    expect(own.status).toBe(200);
    expect(own.body.names.users).toEqual({ [sale.id]: sale.name });
    await sql(`delete from conversations where account_id = ?`, [acc.id]);
  });
});
