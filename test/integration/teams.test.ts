import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createStack, type TestStack } from '../support/stack.js';
import { api, signIn } from '../support/api.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';

let stack: TestStack;
let acct: SeededAccount;
let admin: ReturnType<typeof api>;

beforeAll(async () => {
  stack = await createStack();
  acct = await seedAccount(stack.orm.em.fork(), 'Teams');
  admin = api(stack.url, await signIn(stack.url, acct.byRole.admin.email, PASSWORD));
});
afterAll(() => stack?.close());

describe('teams', () => {
  it('creates with members, renames, replaces members, deletes; every step audited', async () => {
    const sale = acct.byRole.sale;
    const service = acct.byRole.service;
    const created = await admin.post('/teams', { name: '  VIP desk ', memberIds: [sale.id, sale.id] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'VIP desk',
      members: [{ id: sale.id, email: sale.email, role: 'sale', status: 'active' }],
    });
    const id = created.body.id as string;

    const renamed = await admin.patch(`/teams/${id}`, { name: 'VIP' });
    expect(renamed.body.name).toBe('VIP');
    const members = await admin.put(`/teams/${id}/members`, { memberIds: [service.id] });
    expect(members.body.members.map((m: { id: string }) => m.id)).toEqual([service.id]);
    expect((await admin.get(`/users/${service.id}`)).body.teams).toContainEqual({ id, name: 'VIP' });
    expect((await admin.get('/teams')).body.items.map((t: { name: string }) => t.name)).toEqual(['Support', 'VIP']);

    expect((await admin.delete(`/teams/${id}`)).body).toEqual({ id });
    expect((await admin.get(`/teams/${id}`)).status).toBe(404);
    expect((await admin.get(`/users/${service.id}`)).body.teams).toEqual([]);

    const audit = (await admin.get(`/audit?targetId=${id}`)).body.items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'team.deleted',
      'team.members_changed',
      'team.renamed',
      'team.created',
    ]);
    expect(audit[1].before.members).toEqual([{ id: sale.id, email: sale.email }]);
    expect(audit[1].after.members).toEqual([{ id: service.id, email: service.email }]);
    expect(audit[2]).toMatchObject({ before: { name: 'VIP desk' }, after: { name: 'VIP' } });
    expect(audit[0].before).toMatchObject({ name: 'VIP' });
  });

  it('keeps names unique per account ignoring case (409), also under parallel creation', async () => {
    const dup = await admin.post('/teams', { name: 'support' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toMatch(/already exists/);
    const other = await admin.post('/teams', { name: 'Billing' });
    const rename = await admin.patch(`/teams/${other.body.id}`, { name: 'SUPPORT' });
    expect(rename.status).toBe(409);
    // Renaming to the same name in another case is a rename of itself, not a clash.
    expect((await admin.patch(`/teams/${other.body.id}`, { name: 'BILLING' })).status).toBe(200);
    const name = `Night ${randomUUID().slice(0, 6)}`;
    const burst = await Promise.all(
      Array.from({ length: 6 }, (_, i) => admin.post('/teams', { name: i % 2 ? name.toUpperCase() : name })),
    );
    expect(burst.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    // Another account may use the same name.
    const beta = await seedAccount(stack.orm.em.fork(), 'Teams Beta');
    const betaAdmin = api(stack.url, await signIn(stack.url, beta.byRole.admin.email, PASSWORD));
    expect((await betaAdmin.post('/teams', { name })).status).toBe(201);
  });

  it('answers 404 for unknown members and leaves nothing half-done', async () => {
    const ghost = randomUUID();
    const r = await admin.post('/teams', { name: 'Ghosts', memberIds: [acct.byRole.sale.id, ghost] });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toContain(ghost);
    expect((await admin.get('/teams')).body.items.some((t: { name: string }) => t.name === 'Ghosts')).toBe(false);
  });
});
