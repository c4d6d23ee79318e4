import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStack, type TestStack } from '../support/stack.js';
import { api } from '../support/api.js';
import { enroll, freshCode, userIdOf } from '../support/twofa.js';
import { DEMO, seedDemo } from '../../server/src/db/seed.js';

/*
 * Parallel second steps spread over two server nodes. The attempt budgets are raised so that every request
 * reaches the database and the conditional UPDATEs alone decide: exactly one may win.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await createStack({
    servers: 2,
    env: { RATE_LIMIT_SIGNIN_PER_MIN: '1000', TWOFA_MAX_FAILURES_PER_USER: '1000', TWOFA_MAX_FAILURES_PER_IP: '1000' },
  });
  await seedDemo(stack.orm.em.fork());
});
afterAll(() => stack?.close());

const node = (i: number) => stack.servers[i % stack.servers.length].url;

async function mfaTokens(email: string, n: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const r = await api(node(i)).post('/auth/sign-in', { email, password: DEMO.password });
      expect(r.body.stage).toBe('mfa');
      return r.body.token as string;
    }),
  );
}

const fullSessions = async (userId: string) => {
  const [{ n }] = await stack.orm.em
    .fork()
    .getConnection()
    .execute<{ n: number }[]>(
      `select count(*)::int as n from sessions where user_id = ? and stage = 'full' and revoked_at is null`,
      [userId],
    );
  return n;
};

describe('a code is accepted at most once, across server nodes', () => {
  it('50 parallel second steps reusing one valid code yield exactly one session', async () => {
    const email = 'service1@demo.switchboard.test';
    const userId = await userIdOf(stack, email);
    const first = await api(node(0)).post('/auth/sign-in', { email, password: DEMO.password });
    const { secret } = await enroll(stack, node(0), first.body.token, userId);
    await api(node(0), first.body.token).post('/auth/sign-out');
    expect(await fullSessions(userId)).toBe(0);

    const tokens = await mfaTokens(email, 50);
    const code = await freshCode(stack, userId, secret);
    const results = await Promise.all(tokens.map((t, i) => api(node(i), t).post('/auth/2fa/verify', { code })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(49);
    expect(await fullSessions(userId)).toBe(1);
  });

  it('one sign-in yields one session even with different recovery codes sent in parallel; each code works once', async () => {
    const email = 'service2@demo.switchboard.test';
    const userId = await userIdOf(stack, email);
    const first = await api(node(0)).post('/auth/sign-in', { email, password: DEMO.password });
    const { recoveryCodes } = await enroll(stack, node(0), first.body.token, userId);
    await api(node(0), first.body.token).post('/auth/sign-out');

    const [token] = await mfaTokens(email, 1);
    const results = await Promise.all(
      recoveryCodes.map((recoveryCode, i) => api(node(i), token).post('/auth/2fa/verify', { recoveryCode })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(await fullSessions(userId)).toBe(1);
    // The losers' recovery codes were rolled back with their transactions: only the winner's is spent.
    const [{ n }] = await stack.orm.em
      .fork()
      .getConnection()
      .execute<{ n: number }[]>(
        `select count(*)::int as n from recovery_codes where user_id = ? and used_at is not null`,
        [userId],
      );
    expect(n).toBe(1);

    // 20 parallel sign-ins racing one recovery code: one winner.
    const tokens = await mfaTokens(email, 20);
    const spare = recoveryCodes[9];
    const race = await Promise.all(
      tokens.map((t, i) => api(node(i), t).post('/auth/2fa/verify', { recoveryCode: spare })),
    );
    const won = race.filter((r) => r.status === 200);
    // recoveryCodes[9] may have been the first race's winner; then nobody wins now.
    expect(won.length).toBeLessThanOrEqual(1);
    const [{ used }] = await stack.orm.em
      .fork()
      .getConnection()
      .execute<{ used: number }[]>(
        `select count(*)::int as used from recovery_codes where user_id = ? and used_at is not null`,
        [userId],
      );
    expect(used).toBe(1 + won.length);
    expect(await fullSessions(userId)).toBe(1 + won.length);
  });
});
