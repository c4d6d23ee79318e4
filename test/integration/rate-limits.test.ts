import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStack, type TestStack } from '../support/stack.js';
import { deleteKeysMatching } from '../../server/src/infra/redis.js';
import { api } from '../support/api.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';

let stack: TestStack;
let acct: SeededAccount;

beforeAll(async () => {
  // Two server nodes: requests alternate between them, and the limits must still hold (Redis-backed).
  stack = await createStack({
    servers: 2,
    env: { RATE_LIMIT_SIGNIN_PER_MIN: '3', RATE_LIMIT_SIGNIN_IP_PER_MIN: '8', RATE_LIMIT_ACTIVATION_PER_MIN: '4' },
  });
  acct = await seedAccount(stack.orm.em.fork(), 'Limits');
});
afterAll(() => stack?.close());
beforeEach(() => deleteKeysMatching(stack.redis, `${stack.config.REDIS_PREFIX}:rl:*`));

const node = (i: number) => api(stack.servers[i % 2].url);
const signInOn = (i: number, email: string, password: string) => node(i).post('/auth/sign-in', { email, password });

function expectLimited(r: { status: number; body: any }, what: RegExp) {
  expect(r.status).toBe(429);
  expect(r.body.error.code).toBe('rate_limited');
  expect(r.body.error.message).toMatch(what);
  expect(r.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
}

describe('sign-in limits', () => {
  it('per email: failed attempts, across nodes; then even the right password waits', async () => {
    const victim = acct.byRole.sale.email;
    for (let i = 0; i < 3; i++) expect((await signInOn(i, victim, 'wrong-password')).status).toBe(401);
    expectLimited(await signInOn(3, victim, PASSWORD), /failed sign-ins for this email/);
    expectLimited(await signInOn(4, victim.toUpperCase(), PASSWORD), /this email/);
    // Someone else is not affected.
    expect((await signInOn(5, acct.byRole.service.email, PASSWORD)).status).toBe(200);
    const keys = await stack.redis.keys(`${stack.config.REDIS_PREFIX}:rl:signin-email:*`);
    expect(keys.length).toBeGreaterThan(0);
  });

  it('per email: successful sign-ins do not count', async () => {
    for (let i = 0; i < 5; i++) expect((await signInOn(i, acct.byRole.operator.email, PASSWORD)).status).toBe(200);
  });

  it('per IP: every attempt counts, whatever the email', async () => {
    for (let i = 0; i < 8; i++) expect((await signInOn(i, `nobody${i}@limits.test`, 'whatever-pass')).status).toBe(401);
    const r = await node(8).call('POST', '/auth/sign-in', { email: acct.owner.email, password: PASSWORD });
    expectLimited(r, /from this address/);
    expect(r.status).toBe(429);
  });
});

describe('activation limits', () => {
  it('look-ups and activations share one per-IP budget', async () => {
    expect((await node(0).get('/invitations/sbi_guess0')).status).toBe(404);
    for (let i = 1; i < 4; i++)
      expect(
        (await node(i).post('/invitations/accept', { token: `sbi_guess${i}`, name: 'X', password: 'long-enough-pw' }))
          .status,
      ).toBe(404);
    const res = await fetch(`${stack.servers[0].url}/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'sbi_guess9', name: 'X', password: 'long-enough-pw' }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expectLimited({ status: res.status, body: await res.json() }, /activation attempts/);
    expectLimited(await node(1).get('/invitations/sbi_guess10'), /activation attempts/);
  });
});
