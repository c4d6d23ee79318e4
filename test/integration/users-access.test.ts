import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createStack, type TestStack } from '../support/stack.js';
import { api, signIn, type ApiResponse } from '../support/api.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';
import { ROLES, type Role } from '../../server/src/db/entities/user.entity.js';

let stack: TestStack;
const outbox = `/tmp/sb-outbox-${randomUUID()}`;
let a: SeededAccount;
let b: SeededAccount;
const tokens = {} as Record<Role | 'owner', string>;

beforeAll(async () => {
  stack = await createStack({ env: { OUTBOX_DIR: outbox } });
  a = await seedAccount(stack.orm.em.fork(), 'Alpha');
  b = await seedAccount(stack.orm.em.fork(), 'Beta');
  tokens.owner = await signIn(stack.url, a.owner.email, PASSWORD);
  for (const role of ROLES) tokens[role] = await signIn(stack.url, a.byRole[role].email, PASSWORD);
});
afterAll(async () => {
  await stack?.close();
  await rm(outbox, { recursive: true, force: true });
});

/** A throwaway pending user and team in account A, so each admin call acts on its own targets. */
async function fresh() {
  const em = stack.orm.em.fork();
  const userId = randomUUID();
  const activeId = randomUUID();
  const teamId = randomUUID();
  for (const [id, status] of [
    [userId, 'pending'],
    [activeId, 'active'],
  ] as const) {
    await em.execute(
      `insert into users (id, account_id, email, name, role, status, password_hash, created_at)
       select ?, ?, ?, 'Temp', 'service', ?, password_hash, now() from users where id = ?`,
      [id, a.id, `${id}@alpha.test`, status, a.owner.id],
      'run',
    );
    await em.execute(`insert into agent_loads (user_id, account_id) values (?, ?)`, [id, a.id], 'run');
  }
  await em.execute(
    `insert into invitations (id, account_id, user_id, token_hash, expires_at, created_at) values (?, ?, ?, ?, now() + interval '1 hour', now())`,
    [randomUUID(), a.id, userId, randomUUID().replace(/-/g, '')],
    'run',
  );
  await em.execute(
    `insert into teams (id, account_id, name, created_at) values (?, ?, ?, now())`,
    [teamId, a.id, `T ${teamId}`],
    'run',
  );
  return { userId, activeId, teamId };
}

type Client = ReturnType<typeof api>;
type Fixture = Awaited<ReturnType<typeof fresh>>;

/** Every Users & teams endpoint, called the way an admin would with valid input. */
const endpoints: Array<{ name: string; call: (c: Client, f: Fixture) => Promise<ApiResponse>; ownerOnly?: boolean }> = [
  { name: 'GET /users', call: (c) => c.get('/users') },
  { name: 'GET /users/:id', call: (c, f) => c.get(`/users/${f.userId}`) },
  { name: 'PATCH /users/:id', call: (c, f) => c.patch(`/users/${f.userId}`, { role: 'sale', teamIds: [f.teamId] }) },
  { name: 'PUT /users/:id/capacity', call: (c, f) => c.put(`/users/${f.userId}/capacity`, { capacity: 4 }) },
  { name: 'DELETE /users/:id', call: (c, f) => c.delete(`/users/${f.userId}`) },
  { name: 'POST /users/:id/resend-invitation', call: (c, f) => c.post(`/users/${f.userId}/resend-invitation`) },
  {
    name: 'POST /users/:id/transfer-ownership',
    call: (c, f) => c.post(`/users/${f.activeId}/transfer-ownership`),
    ownerOnly: true,
  },
  {
    name: 'POST /invitations',
    call: (c) => c.post('/invitations', { email: `${randomUUID()}@alpha.test`, role: 'sale' }),
  },
  { name: 'GET /teams', call: (c) => c.get('/teams') },
  { name: 'GET /teams/:id', call: (c, f) => c.get(`/teams/${f.teamId}`) },
  { name: 'POST /teams', call: (c, f) => c.post('/teams', { name: `New ${randomUUID()}`, memberIds: [f.userId] }) },
  { name: 'PATCH /teams/:id', call: (c, f) => c.patch(`/teams/${f.teamId}`, { name: `Renamed ${randomUUID()}` }) },
  { name: 'PUT /teams/:id/members', call: (c, f) => c.put(`/teams/${f.teamId}/members`, { memberIds: [f.userId] }) },
  { name: 'DELETE /teams/:id', call: (c, f) => c.delete(`/teams/${f.teamId}`) },
  { name: 'GET /audit', call: (c) => c.get('/audit') },
];

describe('only Admins use Users & teams', () => {
  const cases = endpoints.flatMap((e) => ROLES.map((role) => ({ ...e, role })));
  it.each(cases)('$name as $role', async ({ call, role, ownerOnly }) => {
    const f = await fresh();
    const res = await call(api(stack.url, tokens[role]), f);
    if (role !== 'admin') {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    } else if (ownerOnly) {
      // An Admin who is not the owner is refused; the owner (also an Admin) succeeds.
      expect(res.status).toBe(403);
      const asOwner = await call(api(stack.url, tokens.owner), f);
      expect(asOwner.status).toBe(200);
      // Hand it back so the rest of the table runs with the original owner.
      const back = await api(stack.url, await signIn(stack.url, `${f.activeId}@alpha.test`, PASSWORD)).post(
        `/users/${a.owner.id}/transfer-ownership`,
      );
      expect(back.status).toBe(200);
    } else {
      expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
    }
  });

  it('answers 401 without a session', async () => {
    const f = await fresh();
    for (const e of endpoints) expect((await e.call(api(stack.url), f)).status, e.name).toBe(401);
  });
});

describe('tenancy: another account’s ids answer 404, exactly like missing ones', () => {
  const crossCases: Array<{
    name: string;
    call: (c: Client, other: { userId: string; teamId: string }, f: Fixture) => Promise<ApiResponse>;
  }> = [
    { name: 'GET /users/:id', call: (c, o) => c.get(`/users/${o.userId}`) },
    { name: 'PATCH /users/:id', call: (c, o) => c.patch(`/users/${o.userId}`, { role: 'sale' }) },
    {
      name: 'PATCH /users/:id with a foreign team',
      call: (c, o, f) => c.patch(`/users/${f.userId}`, { teamIds: [o.teamId] }),
    },
    { name: 'PUT /users/:id/capacity', call: (c, o) => c.put(`/users/${o.userId}/capacity`, { capacity: 1 }) },
    { name: 'DELETE /users/:id', call: (c, o) => c.delete(`/users/${o.userId}`) },
    { name: 'POST /users/:id/resend-invitation', call: (c, o) => c.post(`/users/${o.userId}/resend-invitation`) },
    { name: 'POST /users/:id/transfer-ownership', call: (c, o) => c.post(`/users/${o.userId}/transfer-ownership`) },
    {
      name: 'POST /invitations with a foreign team',
      call: (c, o) =>
        c.post('/invitations', { email: `${randomUUID()}@alpha.test`, role: 'sale', teamIds: [o.teamId] }),
    },
    { name: 'GET /teams/:id', call: (c, o) => c.get(`/teams/${o.teamId}`) },
    { name: 'PATCH /teams/:id', call: (c, o) => c.patch(`/teams/${o.teamId}`, { name: 'Hijack' }) },
    { name: 'PUT /teams/:id/members', call: (c, o) => c.put(`/teams/${o.teamId}/members`, { memberIds: [] }) },
    {
      name: 'PUT /teams/:id/members with a foreign user',
      call: (c, o, f) => c.put(`/teams/${f.teamId}/members`, { memberIds: [o.userId] }),
    },
    {
      name: 'POST /teams with a foreign user',
      call: (c, o) => c.post('/teams', { name: `X ${randomUUID()}`, memberIds: [o.userId] }),
    },
    { name: 'DELETE /teams/:id', call: (c, o) => c.delete(`/teams/${o.teamId}`) },
  ];

  it.each(crossCases)('$name', async ({ call }) => {
    const owner = api(stack.url, tokens.owner);
    const f = await fresh();
    const foreign = await call(owner, { userId: b.byRole.sale.id, teamId: b.team.id }, f);
    const missing = await call(owner, { userId: randomUUID(), teamId: randomUUID() }, f);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    // Same message apart from the id itself: nothing tells "exists elsewhere" from "does not exist".
    const shape = (r: ApiResponse) => ({
      code: r.body.error.code,
      message: r.body.error.message.replace(/[0-9a-f-]{36}/g, '<id>'),
    });
    expect(shape(foreign)).toEqual(shape(missing));
  });

  it('leaves the other account untouched and never lists it', async () => {
    const owner = api(stack.url, tokens.owner);
    const users = await owner.get('/users?pageSize=200');
    expect(users.body.items.some((u: { id: string }) => u.id === b.owner.id)).toBe(false);
    const teams = await owner.get('/teams');
    expect(teams.body.items.some((t: { id: string }) => t.id === b.team.id)).toBe(false);
    const [row] = await stack.orm.em
      .fork()
      .execute(`select role, capacity from users where id = ?`, [b.byRole.sale.id]);
    expect(row).toEqual({ role: 'sale', capacity: null });
    const [team] = await stack.orm.em.fork().execute(`select name from teams where id = ?`, [b.team.id]);
    expect(team.name).toBe('Support');
    const audit = await api(stack.url, await signIn(stack.url, b.owner.email, PASSWORD)).get('/audit');
    expect(audit.body.items).toEqual([]);
  });
});
