import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStack, type TestStack } from '../support/stack.js';
import { api } from '../support/api.js';
import { codeAt, enroll, freshCode, userIdOf } from '../support/twofa.js';
import { DEMO, seedDemo } from '../../server/src/db/seed.js';

/** Budgets small enough to spend quickly, with a short window so the test can watch it end. */
const WINDOW = 3;
let stack: TestStack;
beforeAll(async () => {
  stack = await createStack({
    env: {
      RATE_LIMIT_SIGNIN_PER_MIN: '1000',
      TWOFA_MAX_FAILURES_PER_USER: '5',
      TWOFA_MAX_FAILURES_PER_IP: '8',
      TWOFA_WINDOW_SECONDS: String(WINDOW),
    },
  });
  await seedDemo(stack.orm.em.fork());
});
afterAll(() => stack?.close());

async function enrolled(email: string) {
  const userId = await userIdOf(stack, email);
  const first = await api(stack.url).post('/auth/sign-in', { email, password: DEMO.password });
  const { secret } = await enroll(stack, stack.url, first.body.token, userId);
  return { userId, secret };
}

async function mfaToken(email: string) {
  const r = await api(stack.url).post('/auth/sign-in', { email, password: DEMO.password });
  expect(r.body.stage).toBe('mfa');
  return r.body.token as string;
}

/** A 6-digit code that is not valid now (nor one step either way). */
async function wrongCode(secret: string) {
  const near = await Promise.all([-1, 0, 1].map((o) => codeAt(secret, o)));
  for (let i = 0; ; i++) {
    const c = String(100000 + i);
    if (!near.includes(c)) return c;
  }
}

const from = (ip: string) => ({ 'x-forwarded-for': ip });

describe('brute force on the second step', () => {
  it('after the limit of wrong codes every attempt is 429 for the window, even a right code; then it works again', async () => {
    const email = 'service1@demo.switchboard.test';
    const { userId, secret } = await enrolled(email);
    const token = await mfaToken(email);
    const wrong = await wrongCode(secret);
    for (let i = 0; i < 5; i++)
      expect((await api(stack.url, token).post('/auth/2fa/verify', { code: wrong }, from('10.0.0.1'))).status).toBe(
        401,
      );

    const right = await freshCode(stack, userId, secret);
    const refused = await api(stack.url, token).post('/auth/2fa/verify', { code: right }, from('10.0.0.1'));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    // The user's budget follows them to another address, and recovery codes count against it too.
    expect((await api(stack.url, token).post('/auth/2fa/verify', { code: right }, from('10.0.0.2'))).status).toBe(429);
    expect(
      (await api(stack.url, token).post('/auth/2fa/verify', { recoveryCode: 'aaaa-bbbb-cccc-dddd' }, from('10.0.0.3')))
        .status,
    ).toBe(429);

    await new Promise((r) => setTimeout(r, WINDOW * 1000 + 200));
    const ok = await api(stack.url, token).post(
      '/auth/2fa/verify',
      { code: await freshCode(stack, userId, secret) },
      from('10.0.0.1'),
    );
    expect(ok.status).toBe(200);
  });

  it('limits one IP across users, without blocking the same users elsewhere', async () => {
    const a = await enrolled('operator@demo.switchboard.test');
    const b = await enrolled('manager@demo.switchboard.test');
    const ta = await mfaToken('operator@demo.switchboard.test');
    const tb = await mfaToken('manager@demo.switchboard.test');
    for (let i = 0; i < 4; i++) {
      expect(
        (await api(stack.url, ta).post('/auth/2fa/verify', { code: await wrongCode(a.secret) }, from('10.9.9.9')))
          .status,
      ).toBe(401);
      expect(
        (await api(stack.url, tb).post('/auth/2fa/verify', { code: await wrongCode(b.secret) }, from('10.9.9.9')))
          .status,
      ).toBe(401);
    }
    // 8 failures from 10.9.9.9: that address is done for the window, whoever it tries.
    expect(
      (
        await api(stack.url, ta).post(
          '/auth/2fa/verify',
          { code: await freshCode(stack, a.userId, a.secret) },
          from('10.9.9.9'),
        )
      ).status,
    ).toBe(429);
    // Each user has spent 4 of 5: a right code from elsewhere still works.
    expect(
      (
        await api(stack.url, tb).post(
          '/auth/2fa/verify',
          { code: await freshCode(stack, b.userId, b.secret) },
          from('10.1.1.1'),
        )
      ).status,
    ).toBe(200);
  });

  it('the same budget guards the code-taking settings endpoints', async () => {
    const email = 'sale1@demo.switchboard.test';
    const userId = await userIdOf(stack, email);
    const token = (await api(stack.url).post('/auth/sign-in', { email, password: DEMO.password })).body.token;
    const me = api(stack.url, token);
    const start = await me.post('/me/2fa/enroll', undefined, from('10.2.2.2'));
    const secret = new URL(start.body.otpauthUri).searchParams.get('secret')!;
    for (let i = 0; i < 5; i++)
      expect((await me.post('/me/2fa/confirm', { code: await wrongCode(secret) }, from('10.2.2.2'))).status).toBe(400);
    expect(
      (await me.post('/me/2fa/confirm', { code: await freshCode(stack, userId, secret) }, from('10.2.2.2'))).status,
    ).toBe(429);
  });
});
