import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createStack, type TestStack } from '../support/stack.js';
import { api, signIn } from '../support/api.js';
import { activationLink, startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';
import { createMailer } from '../../server/src/infra/mailer.js';

let stack: TestStack;
let sink: SmtpSink;
let acct: SeededAccount;
let owner: ReturnType<typeof api>;

beforeAll(async () => {
  sink = await startSmtpSink();
  stack = await createStack({ env: { SMTP_URL: sink.url } });
  acct = await seedAccount(stack.orm.em.fork(), 'Invites');
  owner = api(stack.url, await signIn(stack.url, acct.owner.email, PASSWORD));
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

async function inviteAndGetToken(email: string, extra: Record<string, unknown> = {}) {
  const before = sink.countTo(email);
  const r = await owner.post('/invitations', { email, role: 'sale', ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return {
    userId: r.body.user.id as string,
    token: activationLink(await sink.waitFor(email, { after: before })).token,
  };
}

const accept = (token: string, name = 'Pat', password = 'long-enough-pw') =>
  api(stack.url).post('/invitations/accept', { token, name, password });

describe('activation links', () => {
  it('20 parallel activations of one invitation: exactly one succeeds', async () => {
    const { userId, token } = await inviteAndGetToken('race@invites.test');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => accept(token, `Racer ${i}`, `password-${i}-xx`)),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.error.details.reason).toBe('used');
    }
    // The winner's name and password are the ones stored; nobody else's.
    const winner = Number(/Racer (\d+)/.exec(ok[0].body.user.name)![1]);
    await signIn(stack.url, 'race@invites.test', `password-${winner}-xx`);
    const [row] = await stack.orm.em
      .fork()
      .execute(`select count(*)::int as n from audit_events where action = 'user.activated' and target_id = ?`, [
        userId,
      ]);
    expect(row.n).toBe(1);
    // Used once, used forever.
    expect((await accept(token)).status).toBe(409);
    expect((await api(stack.url).get(`/invitations/${token}`)).status).toBe(409);
  });

  it('refuses an expired link', async () => {
    const { userId, token } = await inviteAndGetToken('late@invites.test');
    await stack.orm.em
      .fork()
      .execute(`update invitations set expires_at = now() - interval '1 second' where user_id = ?`, [userId], 'run');
    const r = await accept(token);
    expect(r.status).toBe(410);
    expect(r.body.error).toMatchObject({ code: 'gone', details: { reason: 'expired' } });
    expect(r.body.error.message).toMatch(/expired/);
    expect((await api(stack.url).get(`/invitations/${token}`)).status).toBe(410);
    // The list shows the admin that this pending user's link has expired.
    expect((await owner.get(`/users/${userId}`)).body.invitation).toMatchObject({ expired: true });
  });

  it('Resend rotates the link: the previous one is refused, the new one works', async () => {
    const { userId, token: first } = await inviteAndGetToken('twice@invites.test', {
      teamIds: [acct.team.id],
      capacity: 2,
    });
    const resent = await owner.post(`/users/${userId}/resend-invitation`);
    expect(resent.status).toBe(200);
    expect(resent.body.invitation.emailSent).toBe(true);
    const second = activationLink(await sink.waitFor('twice@invites.test', { after: 1 })).token;
    expect(second).not.toBe(first);

    const stale = await accept(first);
    expect(stale.status).toBe(410);
    expect(stale.body.error.details.reason).toBe('superseded');
    expect((await accept(second, 'Twice')).status).toBe(200);
    const user = (await owner.get(`/users/${userId}`)).body;
    expect(user).toMatchObject({ status: 'active', name: 'Twice', capacity: 2, teams: [acct.team] });
    // Resend on an active user is a clear 409.
    const again = await owner.post(`/users/${userId}/resend-invitation`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already activated/);
  });

  it('parallel resends leave exactly one live link', async () => {
    const { userId } = await inviteAndGetToken('many@invites.test');
    const rs = await Promise.all(Array.from({ length: 5 }, () => owner.post(`/users/${userId}/resend-invitation`)));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const [row] = await stack.orm.em
      .fork()
      .execute(
        `select count(*)::int as n from invitations where user_id = ? and revoked_at is null and used_at is null`,
        [userId],
      );
    expect(row.n).toBe(1);
  });

  it('an activation racing a Resend or a removal: one order or the other, never a 5xx', async () => {
    for (let round = 0; round < 4; round++) {
      const a = await inviteAndGetToken(`race-resend-${round}@invites.test`);
      const [acc, res] = await Promise.all([accept(a.token), owner.post(`/users/${a.userId}/resend-invitation`)]);
      // Activated first (then Resend finds an active user), or superseded first (then the old link is refused).
      expect([`${acc.status}/${res.status}`]).toEqual([expect.stringMatching(/^(200\/409|410\/200)$/)]);

      const b = await inviteAndGetToken(`race-remove-${round}@invites.test`);
      const [acc2, del] = await Promise.all([accept(b.token), owner.delete(`/users/${b.userId}`)]);
      expect(del.status).toBe(200);
      expect([200, 404]).toContain(acc2.status);
      expect((await owner.get(`/users/${b.userId}`)).status).toBe(404);
    }
  });

  it('refuses unknown and malformed tokens without a 5xx', async () => {
    expect((await accept('sbi_doesnotexist')).status).toBe(404);
    expect((await accept('not a token!')).status).toBe(400);
    expect((await api(stack.url).get('/invitations/sbi_nope')).status).toBe(404);
    const weak = await accept('sbi_x', 'Pat', 'short');
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.fields).toEqual([
      { field: 'body.password', message: expect.stringMatching(/at least 8/) },
    ]);
  });
});

describe('inviting', () => {
  it('answers 409 for an email that is already a member, pending or active, in any case', async () => {
    const active = await owner.post('/invitations', { email: acct.byRole.sale.email.toUpperCase(), role: 'sale' });
    expect(active.status).toBe(409);
    expect(active.body.error.message).toMatch(/already a member/);
    await inviteAndGetToken('pending@invites.test');
    const pending = await owner.post('/invitations', { email: 'pending@invites.test', role: 'admin' });
    expect(pending.status).toBe(409);
    expect(pending.body.error.message).toMatch(/Resend/);
    // Parallel invitations of one new address: one wins, the others get the same 409.
    const rs = await Promise.all(
      Array.from({ length: 5 }, () => owner.post('/invitations', { email: 'burst@invites.test', role: 'sale' })),
    );
    expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('reports a failed email without losing the invitation, and Resend recovers', async () => {
    await sink.close();
    const r = await owner.post('/invitations', { email: 'offline@invites.test', role: 'sale' });
    expect(r.status).toBe(201);
    expect(r.body.invitation.emailSent).toBe(false);
    expect(r.body.user.status).toBe('pending');
    // Mail comes back on the same address: Resend sends a fresh link that works.
    sink = await startSmtpSink(Number(new URL(stack.config.SMTP_URL!).port));
    const again = await owner.post(`/users/${r.body.user.id}/resend-invitation`);
    expect(again.status).toBe(200);
    expect(again.body.invitation.emailSent).toBe(true);
    const { token } = activationLink(await sink.waitFor('offline@invites.test'));
    expect((await accept(token)).status).toBe(200);
  });
});

describe('the outbox mailer (no SMTP_URL)', () => {
  it('writes an .eml with the link, and logs where it is without the token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-outbox-'));
    const lines: string[] = [];
    const log = pino(new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }));
    try {
      const mailer = createMailer(
        { SMTP_URL: undefined, MAIL_FROM: 'Switchboard <no-reply@x.test>', OUTBOX_DIR: dir },
        log,
      );
      const link = 'http://127.0.0.1:3000/activate?token=sbi_secret_token_value';
      const delivery = await mailer.send({
        to: 'someone@x.test',
        subject: 'Hi',
        text: `Activate: ${link}`,
        html: `<a href="${link}">Activate</a>`,
      });
      expect(delivery.via).toBe('outbox');
      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/\.eml$/);
      const eml = await readFile(join(dir, files[0]), 'utf8');
      expect(eml).toMatch(/To: someone@x\.test/);
      expect(eml).toContain('sbi_secret_token_value');
      expect(lines.join('')).toContain(files[0]);
      expect(lines.join('')).not.toContain('sbi_secret_token_value');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
