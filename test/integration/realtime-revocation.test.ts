import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRescoped, SessionRevoked } from '@switchboard/client-sdk';
import { AgentClient, type AgentConnectError } from '@switchboard/client-sdk';
import { notifyAccountChanged, notifyUserChanged } from '../../server/src/realtime/revocation.js';
import { createStack, type TestStack } from '../support/stack.js';
import { api } from '../support/api.js';
import {
  assigned,
  demoEmail,
  eventProducer,
  recordingAgent,
  seedPeople,
  sleep,
  waitFor,
  type Person,
} from '../support/realtime.js';

const REVALIDATE_MS = 2_500;
let stack: TestStack;
let accountId: string;
let person: (local: string) => Person;
let producer: ReturnType<typeof eventProducer>;
const clients: AgentClient[] = [];
const sql = (q: string, params: unknown[] = []) => stack.orm.em.fork().getConnection().execute(q, params);

beforeAll(async () => {
  // Two nodes: the notice must reach sockets on the node that did not make the change.
  stack = await createStack({
    servers: 2,
    env: { PRESENCE_GRACE_MS: '300', SOCKET_REVALIDATE_MS: String(REVALIDATE_MS) },
  });
  const seeded = await seedPeople(stack);
  accountId = seeded.accountId;
  person = (local) => seeded.byEmail(demoEmail(local));
  producer = eventProducer(stack);
});
afterAll(async () => {
  for (const c of clients) c.close();
  await producer?.close();
  await stack?.close();
});

async function watched(local: string, node = 1) {
  const a = await recordingAgent(stack.servers[node].url, person(local).token);
  clients.push(a.client);
  const revoked: Array<SessionRevoked & { t: number }> = [];
  const rescoped: Array<SessionRescoped & { t: number }> = [];
  a.client.on('revoked', (r) => void revoked.push({ ...r, t: performance.now() }));
  a.client.on('rescoped', (r) => void rescoped.push({ ...r, t: performance.now() }));
  return { ...a, revoked, rescoped };
}

const report = (what: string, ms: number) => console.log(`[realtime] revocation (${what}): ${ms.toFixed(0)} ms`);

describe('revocation within 5 s', () => {
  it('removal: the removed user is disconnected and cannot reconnect', async () => {
    const a = await watched('service2');
    const t0 = performance.now();
    await sql('delete from users where id = ?', [person('service2').userId]);
    await notifyUserChanged(stack.servers[0].ctx, accountId, person('service2').userId);
    const r = await waitFor(() => a.revoked[0], 'revocation', 5_000);
    report('removal', r.t - t0);
    expect(r.code).toBe('unauthenticated');
    expect(r.t - t0).toBeLessThan(5_000);
    expect(a.client.socket.connected).toBe(false);
    const again = await AgentClient.connect({ url: stack.servers[0].url, token: person('service2').token }).catch(
      (e: unknown) => e,
    );
    expect((again as AgentConnectError).code).toBe('unauthenticated');
  });

  it('role change: the socket is moved to the new role’s rooms and only sees what that role may see', async () => {
    const a = await watched('service1');
    const me = person('service1').userId;
    const other = person('sale2').userId;
    await producer.commit([assigned(accountId, other)]);
    await waitFor(() => a.received.length === 1, 'service sees another agent’s conversation');

    const t0 = performance.now();
    await sql(`update users set role = 'sale' where id = ?`, [me]);
    await notifyUserChanged(stack.servers[0].ctx, accountId, me);
    const r = await waitFor(() => a.rescoped[0], 'rescope', 5_000);
    report('role change', r.t - t0);
    expect(r).toMatchObject({ role: 'sale', visibility: 'own' });

    const { logged: hidden } = await producer.commit([assigned(accountId, other)]);
    const { logged: mine } = await producer.commit([assigned(accountId, me)]);
    await waitFor(() => a.received.length === 2, 'own event after the change');
    await sleep(100);
    expect(a.ids()).not.toContain(hidden[0].id);
    expect(a.ids().at(-1)).toBe(mine[0].id);

    // And the replay after a reconnect applies the new role too.
    a.client.socket.disconnect();
    await producer.commit([assigned(accountId, other), assigned(accountId, me)]);
    a.client.socket.connect();
    await waitFor(() => a.received.length === 3, 'replayed own event');
    await sleep(100);
    expect(a.received).toHaveLength(3);
    expect(a.received[2].payload).toMatchObject({ assigneeId: me });
    await sql(`update users set role = 'service' where id = ?`, [me]);
    await notifyUserChanged(stack.servers[0].ctx, accountId, me);
    await waitFor(() => a.rescoped[1], 'rescope back');
    expect(a.rescoped[1]).toMatchObject({ role: 'service', visibility: 'all' });
  });

  it('2FA switch: members without 2FA are disconnected with enroll_2fa_first; enrolled ones stay', async () => {
    const sale = await watched('sale1');
    const admin = await watched('admin', 0);
    await sql('update users set totp_enabled_at = now() where id = ?', [person('admin').userId]);
    const t0 = performance.now();
    await sql('update accounts set require2fa = true where id = ?', [accountId]);
    await notifyAccountChanged(stack.servers[0].ctx, accountId);
    const r = await waitFor(() => sale.revoked[0], 'enrollment revocation', 5_000);
    report('2FA switch', r.t - t0);
    expect(r.code).toBe('enroll_2fa_first');
    await sleep(300);
    expect(admin.revoked).toEqual([]);
    expect(admin.client.socket.connected).toBe(true);
    const again = await AgentClient.connect({ url: stack.servers[1].url, token: person('sale1').token }).catch(
      (e: unknown) => e,
    );
    expect((again as AgentConnectError).code).toBe('enroll_2fa_first');
    await sql('update accounts set require2fa = false where id = ?', [accountId]);
  });

  it('sign out everywhere over REST closes the user’s sockets on every node', async () => {
    const a = await watched('operator', 0);
    const b = await watched('operator', 1);
    const t0 = performance.now();
    const res = await api(stack.servers[0].url, person('operator').token).post('/auth/sign-out-everywhere');
    expect(res.body.revoked).toBeGreaterThanOrEqual(1);
    const [ra, rb] = await Promise.all([waitFor(() => a.revoked[0], 'node A'), waitFor(() => b.revoked[0], 'node B')]);
    report('sign out everywhere', Math.max(ra.t, rb.t) - t0);
    expect(Math.max(ra.t, rb.t) - t0).toBeLessThan(5_000);
  });

  it('without any notice, the periodic re-check still revokes within 5 s', async () => {
    const a = await watched('developer');
    const t0 = performance.now();
    await sql('update sessions set revoked_at = now() where user_id = ?', [person('developer').userId]);
    const r = await waitFor(() => a.revoked[0], 'periodic revocation', 5_000);
    report('no notice, periodic re-check', r.t - t0);
    expect(r.t - t0).toBeLessThan(5_000);
  });
});
