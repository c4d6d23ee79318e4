import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStack, type TestStack } from '../support/stack.js';
import { api as rawApi, type ApiResponse } from '../support/api.js';
import { codeAt, enroll, freshCode, secretOf, userIdOf } from '../support/twofa.js';
import { DEMO, seedDemo } from '../../server/src/db/seed.js';
import { startServer } from '../../server/src/server.js';
import { loggerOptions } from '../../server/src/core/logger.js';
import { apiRoutes } from '../../server/src/http/app.js';
import { createMetrics } from '../../server/src/infra/metrics.js';
import { createSession } from '../../server/src/modules/auth/session.service.js';

/*
 * The whole 2FA flow against real PostgreSQL and Redis, with the server logging at trace level into a buffer
 * through the production logger options, and every API response kept: the last test proves that no secret,
 * code or recovery code shows up anywhere except the one-time display.
 */
let stack: TestStack;
let url: string;
let logs = '';
const responses: Array<{ path: string; res: ApiResponse }> = [];
const secrets = new Set<string>();
/** Responses allowed to carry secrets: the enroll answer (URI/QR) and the recovery-code lists, shown once. */
const ONE_TIME = new Set(['/me/2fa/enroll', '/me/2fa/confirm', '/me/2fa/recovery-codes']);

function api(token?: string) {
  const a = rawApi(url, token);
  const record = (path: string) => (res: ApiResponse) => (responses.push({ path, res }), res);
  return {
    get: (p: string, h?: Record<string, string>) => a.get(p, h).then(record(p)),
    post: (p: string, b?: unknown, h?: Record<string, string>) => a.post(p, b, h).then(record(p)),
    put: (p: string, b?: unknown) => a.put(p, b).then(record(p)),
    call: (m: string, p: string, b?: unknown) => a.call(m, p, b).then(record(p)),
  };
}

async function signIn(email: string) {
  const r = await api().post('/auth/sign-in', { email, password: DEMO.password });
  expect(r.status).toBe(200);
  return r.body as { token: string; stage: 'mfa' | 'full'; enrollmentRequired: boolean };
}

async function enrollTracked(token: string, userId: string) {
  const e = await enroll(stack, url, token, userId);
  responses.push({ path: '/me/2fa/enroll', res: { status: 200, body: e.enrollBody } });
  secrets.add(e.secret);
  e.recoveryCodes.forEach((c) => secrets.add(c));
  return e;
}

async function code(userId: string, secret: string) {
  const c = await freshCode(stack, userId, secret);
  secrets.add(c);
  return c;
}

beforeAll(async () => {
  stack = await createStack({
    servers: 0,
    env: { RATE_LIMIT_SIGNIN_PER_MIN: '1000', TWOFA_MAX_FAILURES_PER_IP: '1000' },
  });
  const sink = new Writable({
    write(chunk, _e, cb) {
      logs += chunk.toString();
      cb();
    },
  });
  const server = await startServer(stack.config, pino(loggerOptions('server', 'trace'), sink));
  stack.servers.push(server);
  url = server.url;
  await seedDemo(stack.orm.em.fork());
});
afterAll(() => stack?.close());

describe('enrollment and the second sign-in step', () => {
  it('enrolls, signs out, signs in with password + code; a used code and the mfa token never work twice', async () => {
    const email = 'service1@demo.switchboard.test';
    const userId = await userIdOf(stack, email);
    const first = await signIn(email);
    expect(first.stage).toBe('full');
    const me = api(first.token);

    expect((await me.get('/me/2fa')).body).toEqual({
      enabled: false,
      pending: false,
      recoveryCodesRemaining: 0,
      accountRequires2fa: false,
      enrollmentRequired: false,
    });
    expect((await me.post('/me/2fa/confirm', { code: '123456' })).status).toBe(409);

    const start = await me.post('/me/2fa/enroll');
    expect(start.status).toBe(200);
    expect(start.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Switchboard:/);
    expect(start.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const secret = secretOf(start.body.otpauthUri);
    secrets.add(secret);
    expect((await me.get('/me/2fa')).body).toMatchObject({ enabled: false, pending: true });

    // Stored encrypted, and not enabled until confirmed: sign-in still needs no code.
    const [row] = await stack.orm.em
      .fork()
      .getConnection()
      .execute(`select totp_secret_enc, totp_enabled_at from users where id = ?`, [userId]);
    expect(row.totp_secret_enc.startsWith('v1.')).toBe(true);
    expect(row.totp_secret_enc).not.toContain(secret);
    expect(row.totp_enabled_at).toBeNull();
    expect((await signIn(email)).stage).toBe('full');

    const wrong = await me.post('/me/2fa/confirm', { code: await codeAt(secret, 5) });
    expect(wrong.status).toBe(400);
    const confirm = await me.post('/me/2fa/confirm', { code: await code(userId, secret) });
    expect(confirm.status).toBe(200);
    const recoveryCodes: string[] = confirm.body.recoveryCodes;
    recoveryCodes.forEach((c) => secrets.add(c));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const hashes = await stack.orm.em
      .fork()
      .getConnection()
      .execute<{ code_hash: string }[]>(`select code_hash from recovery_codes where user_id = ?`, [userId]);
    expect(hashes).toHaveLength(10);
    for (const h of hashes) for (const c of recoveryCodes) expect(h.code_hash).not.toContain(c.replace(/-/g, ''));
    expect((await me.get('/me')).body.user.totpEnabled).toBe(true);
    expect((await me.post('/me/2fa/enroll')).status).toBe(409);

    expect((await me.post('/auth/sign-out')).status).toBe(204);

    const second = await signIn(email);
    expect(second.stage).toBe('mfa');
    // Half signed in is not signed in.
    expect((await api(second.token).get('/me')).status).toBe(401);
    expect((await api(second.token).get('/me/2fa')).status).toBe(401);
    expect((await api().post('/auth/2fa/verify', { code: '123456' })).status).toBe(401);
    expect((await api(second.token).post('/auth/2fa/verify', { code: '12345' })).status).toBe(400);
    expect(
      (await api(second.token).post('/auth/2fa/verify', { code: '123456', recoveryCode: recoveryCodes[0] })).status,
    ).toBe(400);

    const c = await code(userId, secret);
    const verified = await api(second.token).post('/auth/2fa/verify', { code: c });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ stage: 'full', enrollmentRequired: false });
    expect(verified.body.token).not.toBe(second.token);
    expect((await api(verified.body.token).get('/me')).body.user.email).toBe(email);
    // The mfa token was traded in, and the accepted code is spent for every later sign-in too.
    expect((await api(second.token).post('/auth/2fa/verify', { code: '000000' })).status).toBe(401);
    const third = await signIn(email);
    expect((await api(third.token).post('/auth/2fa/verify', { code: c })).status).toBe(401);
    // A full session cannot be used for the second step.
    expect((await api(verified.body.token).post('/auth/2fa/verify', { code: '000000' })).status).toBe(401);
  });

  it('accepts one time step of clock drift and no more', async () => {
    const email = 'service2@demo.switchboard.test';
    await userIdOf(stack, email);
    const me = api((await signIn(email)).token);
    const secret = secretOf((await me.post('/me/2fa/enroll')).body.otpauthUri);
    secrets.add(secret);
    for (const off of [-3, -2, 2, 3]) {
      const c = await codeAt(secret, off);
      const near = await Promise.all([-1, 0, 1].map((o) => codeAt(secret, o)));
      if (near.includes(c)) continue; // a 1-in-a-million collision with a valid code
      expect((await me.post('/me/2fa/confirm', { code: c })).status).toBe(400);
    }
    // A phone one step behind: accepted.
    const behind = await me.post('/me/2fa/confirm', { code: await codeAt(secret, -1) });
    expect(behind.status).toBe(200);
    behind.body.recoveryCodes.forEach((c: string) => secrets.add(c));
    // A phone one step ahead, at sign-in: accepted.
    const s = await signIn(email);
    const ahead = await codeAt(secret, 1);
    secrets.add(ahead);
    expect((await api(s.token).post('/auth/2fa/verify', { code: ahead })).status).toBe(200);
  });

  it('a recovery code signs in once and never again; regenerating voids the old ones; disable needs a proof', async () => {
    const email = 'operator@demo.switchboard.test';
    const userId = await userIdOf(stack, email);
    const { secret, recoveryCodes } = await enrollTracked((await signIn(email)).token, userId);

    const s1 = await signIn(email);
    const used = await api(s1.token).post('/auth/2fa/verify', { recoveryCode: recoveryCodes[0] });
    expect(used.status).toBe(200);
    expect(used.body.recoveryCodesRemaining).toBe(9);
    const s2 = await signIn(email);
    expect((await api(s2.token).post('/auth/2fa/verify', { recoveryCode: recoveryCodes[0] })).status).toBe(401);
    // Typed back loosely: upper case, spaces instead of dashes.
    const loose = recoveryCodes[1].toUpperCase().replace(/-/g, ' ');
    const s2b = await api(s2.token).post('/auth/2fa/verify', { recoveryCode: loose });
    expect(s2b.status).toBe(200);
    const me = api(s2b.body.token);
    expect((await me.get('/me/2fa')).body.recoveryCodesRemaining).toBe(8);

    expect((await me.post('/me/2fa/recovery-codes', { code: '000000' })).status).toBe(400);
    const regen = await me.post('/me/2fa/recovery-codes', { code: await code(userId, secret) });
    expect(regen.status).toBe(200);
    const fresh: string[] = regen.body.recoveryCodes;
    fresh.forEach((c) => secrets.add(c));
    const s3 = await signIn(email);
    expect((await api(s3.token).post('/auth/2fa/verify', { recoveryCode: recoveryCodes[2] })).status).toBe(401);
    expect((await api(s3.token).post('/auth/2fa/verify', { recoveryCode: fresh[0] })).status).toBe(200);

    expect((await me.post('/me/2fa/disable', {})).status).toBe(400);
    expect((await me.post('/me/2fa/disable', { recoveryCode: recoveryCodes[3] })).status).toBe(400);
    expect((await me.post('/me/2fa/disable', { recoveryCode: fresh[1] })).status).toBe(204);
    expect((await me.get('/me/2fa')).body).toMatchObject({ enabled: false, pending: false, recoveryCodesRemaining: 0 });
    expect((await signIn(email)).stage).toBe('full');
    const audit = await stack.orm.em
      .fork()
      .getConnection()
      .execute<{ action: string }[]>(`select action from audit_events where target_id = ? order by id`, [userId]);
    expect(audit.map((a) => a.action)).toEqual(['2fa_enabled', 'recovery_codes_regenerated', '2fa_disabled']);
  });
});

describe('the account switch: require 2FA for all members', () => {
  const OPEN_TO_UNENROLLED = new Set([
    'post /auth/sign-out',
    'post /auth/sign-out-everywhere',
    'get /me',
    'get /me/2fa',
    'post /me/2fa/enroll',
    'post /me/2fa/confirm',
    // Takes only an mfa-stage token: any full session is refused there with 401.
    'post /auth/2fa/verify',
  ]);
  const SIGN_OUT = new Set(['post /auth/sign-out', 'post /auth/sign-out-everywhere']);
  const sampleId = '00000000-0000-4000-8000-000000000000';

  function sessionRoutes() {
    const routes = apiRoutes(stack.servers[0].ctx, createMetrics('server'));
    return routes
      .filter((r) => r.security === 'session')
      .map((r) => ({
        key: `${r.method} ${r.path}`,
        method: r.method,
        path: r.path.replace(/:[A-Za-z0-9_]+/g, sampleId),
      }));
  }

  /** A second session of the same member, so probing a sign-out route does not end the one under test. */
  async function spareSession(userId: string) {
    const em = stack.orm.em.fork();
    const [u] = await em
      .getConnection()
      .execute<{ account_id: string }[]>(`select account_id from users where id = ?`, [userId]);
    return (await createSession(em, { id: userId, accountId: u.account_id }, { stage: 'full', ttlHours: 1 })).token;
  }

  it('restricts existing sessions of unenrolled members at once, on every non-enrollment endpoint, until they enroll', async () => {
    const memberEmail = 'sale1@demo.switchboard.test';
    const memberId = await userIdOf(stack, memberEmail);
    const memberToken = (await signIn(memberEmail)).token;
    const bystanderId = await userIdOf(stack, 'sale2@demo.switchboard.test');
    const ownerId = await userIdOf(stack, DEMO.owner);
    const owner = api((await signIn(DEMO.owner)).token);

    // Only an admin flips it (Users & teams), and only once they have 2FA themselves.
    expect((await api(memberToken).put('/account/security', { require2fa: true })).status).toBe(403);
    const selfLock = await owner.put('/account/security', { require2fa: true });
    expect(selfLock.status).toBe(409);
    const { secret: ownerSecret } = await enrollTracked((await signIn(DEMO.owner)).token, ownerId);
    const on = await owner.put('/account/security', { require2fa: true });
    expect(on.status).toBe(200);
    expect(on.body.require2fa).toBe(true);
    expect(on.body.membersWithout2fa).toBeGreaterThan(0);
    const [audit] = await stack.orm.em
      .fork()
      .getConnection()
      .execute(`select * from audit_events where action = 'require_2fa_changed'`);
    expect(audit).toMatchObject({
      actor_user_id: ownerId,
      target_type: 'account',
      before: { require2fa: false },
      after: { require2fa: true },
    });
    expect((await owner.put('/account/security', { require2fa: true })).status).toBe(200);
    expect(
      await stack.orm.em
        .fork()
        .getConnection()
        .execute(`select 1 from audit_events where action = 'require_2fa_changed'`),
    ).toHaveLength(1);

    // The member's session from before the switch: no new sign-in needed for the restriction to apply.
    const routes = sessionRoutes();
    expect(routes.length).toBeGreaterThan(8);
    const restricted = routes.filter((r) => !OPEN_TO_UNENROLLED.has(r.key));
    for (const r of restricted) {
      const res = await api(memberToken).call(
        r.method.toUpperCase(),
        r.path,
        r.method === 'get' || r.method === 'delete' ? undefined : {},
      );
      expect({ route: r.key, status: res.status, code: res.body?.error?.code }).toEqual({
        route: r.key,
        status: 403,
        code: 'enroll_2fa_first',
      });
      expect(res.body.error.message).toMatch(/enroll 2FA first/);
    }
    for (const r of routes.filter((x) => OPEN_TO_UNENROLLED.has(x.key))) {
      // Probed with another unenrolled member's session: signing out everywhere would end the one under test.
      const token = SIGN_OUT.has(r.key) ? await spareSession(bystanderId) : memberToken;
      const res = await api(token).call(r.method.toUpperCase(), r.path, r.method === 'get' ? undefined : {});
      expect({ route: r.key, code: res.body?.error?.code }).not.toEqual({ route: r.key, code: 'enroll_2fa_first' });
    }
    const meNow = await api(memberToken).get('/me');
    expect(meNow.body).toMatchObject({
      enrollmentRequired: true,
      account: { require2fa: true },
      user: { totpEnabled: false },
    });
    expect((await signIn(memberEmail)).enrollmentRequired).toBe(true);

    // Enrolling lifts it for the very same session.
    const { recoveryCodes } = await enrollTracked(memberToken, memberId);
    expect((await api(memberToken).get('/me')).body.enrollmentRequired).toBe(false);
    for (const r of routes.filter((x) => !SIGN_OUT.has(x.key))) {
      const res = await api(memberToken).call(
        r.method.toUpperCase(),
        r.path,
        r.method === 'get' || r.method === 'delete' ? undefined : {},
      );
      expect({ route: r.key, code: res.body?.error?.code }).not.toEqual({ route: r.key, code: 'enroll_2fa_first' });
    }
    // Cannot opt out while required.
    expect((await api(memberToken).post('/me/2fa/disable', { recoveryCode: recoveryCodes[0] })).status).toBe(409);

    // The admin resets a member who lost the device: sessions revoked, back to enrollment after the password.
    expect((await api(memberToken).call('DELETE', `/users/${ownerId}/2fa`)).status).toBe(403);
    expect((await owner.call('DELETE', `/users/${ownerId}/2fa`)).status).toBe(403);
    expect((await owner.call('DELETE', `/users/${sampleId}/2fa`)).status).toBe(404);
    expect((await owner.call('DELETE', `/users/${memberId}/2fa`)).status).toBe(204);
    expect((await api(memberToken).get('/me')).status).toBe(401);
    const again = await signIn(memberEmail);
    expect(again).toMatchObject({ stage: 'full', enrollmentRequired: true });
    expect((await api(again.token).get('/account/security')).body.error.code).toBe('enroll_2fa_first');

    const off = await owner.put('/account/security', { require2fa: false });
    expect(off.body.require2fa).toBe(false);
    expect((await api(again.token).get('/me')).body.enrollmentRequired).toBe(false);
    expect((await owner.get('/account/security')).body.require2fa).toBe(false);
    const changes = await stack.orm.em
      .fork()
      .getConnection()
      .execute<{ after: { require2fa: boolean } }[]>(
        `select before, after from audit_events where action = 'require_2fa_changed' order by id`,
      );
    expect(changes.map((c) => c.after.require2fa)).toEqual([true, false]);
    secrets.add(await code(ownerId, ownerSecret));
  });
});

describe('nothing secret leaks', () => {
  it('no secret, code or recovery code in the logs, nor in any response but the one-time display', () => {
    expect(secrets.size).toBeGreaterThan(30);
    expect(logs).toContain('2fa enabled');
    expect(logs).toContain('2fa code refused');
    // Timestamps and pids are digit runs that a 6-digit code could match by chance: drop them before searching.
    const lines = logs
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const { time: _t, pid: _p, ...rest } = JSON.parse(l);
        return JSON.stringify(rest);
      });
    const text = lines.join('\n');
    for (const s of secrets) {
      expect(text).not.toContain(s);
      expect(text).not.toContain(s.replace(/-/g, ''));
    }
    for (const { path, res } of responses) {
      if (ONE_TIME.has(path) && res.status === 200) continue;
      const body = JSON.stringify(res.body ?? '');
      for (const s of secrets) expect({ path, leaked: body.includes(s) }).toEqual({ path, leaked: false });
      expect(body).not.toContain('otpauth');
      expect(body).not.toContain('totp_secret');
      expect(body).not.toContain('v1.');
    }
  });
});
