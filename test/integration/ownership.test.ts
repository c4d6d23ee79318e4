import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createStack, type TestStack } from '../support/stack.js';
import { api, signIn } from '../support/api.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';

let stack: TestStack;
let acct: SeededAccount;
let adminToken: string;

beforeAll(async () => {
  // Two server nodes: the racing requests land on different processes' connection pools, as in production.
  stack = await createStack({ servers: 2 });
  acct = await seedAccount(stack.orm.em.fork(), 'Owners');
  adminToken = await signIn(stack.servers[0].url, acct.byRole.admin.email, PASSWORD);
});
afterAll(() => stack?.close());

const node = (i: number) => stack.servers[i % stack.servers.length].url;

/** An active user with the shared password, created directly so each round has fresh targets. */
async function activeUser(role = 'operator'): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = `${id}@owners.test`;
  await stack.orm.em.fork().execute(
    `insert into users (id, account_id, email, name, role, status, password_hash, created_at, activated_at)
     select ?, ?, ?, 'Round user', ?, 'active', password_hash, now(), now() from users where id = ?`,
    [id, acct.id, email, role, acct.byRole.admin.id],
    'run',
  );
  return { id, email };
}

/** The invariant: accounts.owner_id names exactly one existing, active Admin of the account. */
async function assertOneOwner(): Promise<string> {
  const rows = await stack.orm.em
    .fork()
    .execute(
      `select u.id, u.role, u.status from accounts a join users u on u.id = a.owner_id and u.account_id = a.id where a.id = ?`,
      [acct.id],
    );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ role: 'admin', status: 'active' });
  const listed = await api(node(0), adminToken).get('/users?pageSize=200');
  expect(listed.body.items.filter((u: { isOwner: boolean }) => u.isOwner).map((u: { id: string }) => u.id)).toEqual([
    rows[0].id,
  ]);
  return rows[0].id;
}

async function currentOwner() {
  const id = await assertOneOwner();
  const [row] = await stack.orm.em.fork().execute(`select email from users where id = ?`, [id]);
  return {
    id,
    client: (i: number, token: string) => api(node(i), token),
    token: await signIn(node(0), row.email, PASSWORD),
  };
}

describe('exactly one owner, whatever races', () => {
  it('two parallel transfers: one wins, the other is refused', async () => {
    for (let round = 0; round < 6; round++) {
      const owner = await currentOwner();
      const [x, y] = [await activeUser(), await activeUser()];
      const [rx, ry] = await Promise.all([
        owner.client(0, owner.token).post(`/users/${x.id}/transfer-ownership`),
        owner.client(1, owner.token).post(`/users/${y.id}/transfer-ownership`),
      ]);
      expect([rx.status, ry.status].sort()).toEqual([200, 403]);
      const winner = rx.status === 200 ? x : y;
      expect(await assertOneOwner()).toBe(winner.id);
    }
  });

  it('a transfer racing the removal of its target', async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const owner = await currentOwner();
      const target = await activeUser();
      const admin = api(node(round + 1), adminToken);
      const [transfer, removal] = await Promise.all([
        owner.client(round, owner.token).post(`/users/${target.id}/transfer-ownership`),
        admin.delete(`/users/${target.id}`),
      ]);
      // Either the transfer ran first (the target is now the owner and cannot be removed) or the removal did.
      const outcome = `${transfer.status}/${removal.status}`;
      expect(['200/409', '404/200']).toContain(outcome);
      seen.add(outcome);
      const ownerId = await assertOneOwner();
      expect(ownerId).toBe(transfer.status === 200 ? target.id : owner.id);
    }
    expect(seen.size).toBeGreaterThan(0);
  });

  it('a transfer racing the removal of the owner who transfers', async () => {
    for (let round = 0; round < 6; round++) {
      const owner = await currentOwner();
      const target = await activeUser();
      const admin = api(node(round), adminToken);
      const [transfer, removal] = await Promise.all([
        owner.client(round + 1, owner.token).post(`/users/${target.id}/transfer-ownership`),
        admin.delete(`/users/${owner.id}`),
      ]);
      expect(transfer.status).toBe(200);
      // Removal before the transfer is refused (still the owner); after it, the former owner is an Admin and goes.
      expect([200, 409]).toContain(removal.status);
      expect(await assertOneOwner()).toBe(target.id);
    }
  });

  it('refuses transfers to pending users, to oneself, and by non-owners', async () => {
    const owner = await currentOwner();
    const client = owner.client(0, owner.token);
    const pending = await client.post('/invitations', { email: `${randomUUID()}@owners.test`, role: 'admin' });
    const toPending = await client.post(`/users/${pending.body.user.id}/transfer-ownership`);
    expect(toPending.status).toBe(409);
    expect(toPending.body.error.message).toMatch(/active user/);
    expect((await client.post(`/users/${owner.id}/transfer-ownership`)).status).toBe(409);
    const admin = api(node(0), await signIn(node(0), acct.byRole.admin.email, PASSWORD));
    const byAdmin = await admin.post(`/users/${acct.byRole.sale.id}/transfer-ownership`);
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.message).toMatch(/Only the account owner/);
    await assertOneOwner();
  });
});

describe('sessions end when access changes', () => {
  it('removing a user or changing their role or teams revokes their sessions; capacity does not', async () => {
    const admin = api(node(0), await signIn(node(0), acct.byRole.admin.email, PASSWORD));
    const u = await activeUser('service');
    const live = async () => api(node(1), await signIn(node(1), u.email, PASSWORD));

    let s = await live();
    expect((await admin.put(`/users/${u.id}/capacity`, { capacity: 7 })).status).toBe(200);
    expect((await s.get('/me')).status).toBe(200);

    expect((await admin.patch(`/users/${u.id}`, { role: 'sale' })).status).toBe(200);
    expect((await s.get('/me')).status).toBe(401);

    s = await live();
    // Same role again: nothing changed, nobody is signed out.
    expect((await admin.patch(`/users/${u.id}`, { role: 'sale' })).status).toBe(200);
    expect((await s.get('/me')).status).toBe(200);

    expect((await admin.put(`/teams/${acct.team.id}/members`, { memberIds: [u.id] })).status).toBe(200);
    expect((await s.get('/me')).status).toBe(401);

    s = await live();
    const other = await live();
    expect((await admin.delete(`/users/${u.id}`)).status).toBe(200);
    expect((await s.get('/me')).status).toBe(401);
    expect((await other.get('/me')).status).toBe(401);
  });
});
