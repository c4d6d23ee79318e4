import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStack, type TestStack } from '../support/stack.js';
import { api, signIn } from '../support/api.js';
import { DEMO, seedDemo } from '../../server/src/db/seed.js';
import { MENUS } from '../../server/src/core/permissions.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await createStack();
  await seedDemo(stack.orm.em.fork());
});
afterAll(() => stack?.close());

describe('sign-in and sessions', () => {
  it('signs in, reads /me with menus as data, signs out', async () => {
    const token = await signIn(stack.url, DEMO.owner, DEMO.password);
    const me = await api(stack.url, token).get('/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: DEMO.owner, role: 'admin', isOwner: true, capacity: null });
    expect(me.body.menus).toEqual([...MENUS]);
    expect(me.body.enrollmentRequired).toBe(false);

    const sale = await api(stack.url, await signIn(stack.url, 'sale1@demo.switchboard.test', DEMO.password)).get('/me');
    expect(sale.body.menus).toEqual(['inbox', 'contact']);
    expect(sale.body.permissions.visibility).toBe('own');
    expect(sale.body.user.teams.map((t: { name: string }) => t.name)).toEqual(['Sales']);

    expect((await api(stack.url, token).post('/auth/sign-out')).status).toBe(204);
    expect((await api(stack.url, token).get('/me')).status).toBe(401);
  });

  it('signs out everywhere', async () => {
    const a = await signIn(stack.url, 'operator@demo.switchboard.test', DEMO.password);
    const b = await signIn(stack.url, 'operator@demo.switchboard.test', DEMO.password);
    expect((await api(stack.url, a).post('/auth/sign-out-everywhere')).body.revoked).toBe(2);
    expect((await api(stack.url, b).get('/me')).status).toBe(401);
  });

  it('refuses wrong passwords, unknown emails and bad bodies with precise errors', async () => {
    const anon = api(stack.url);
    expect((await anon.post('/auth/sign-in', { email: DEMO.owner, password: 'nope-nope' })).status).toBe(401);
    expect((await anon.post('/auth/sign-in', { email: 'ghost@x.test', password: 'nope-nope' })).status).toBe(401);
    const extra = await anon.post('/auth/sign-in', { email: DEMO.owner, password: 'x', admin: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details.fields[0].field).toBe('body');
    const badEmail = await anon.post('/auth/sign-in', { email: 'not-an-email', password: 'x' });
    expect(badEmail.body.error.details.fields).toEqual([{ field: 'body.email', message: expect.any(String) }]);
    expect((await anon.get('/me')).status).toBe(401);
    expect((await api(stack.url, 'sbs_forged').get('/me')).status).toBe(401);
  });
});
