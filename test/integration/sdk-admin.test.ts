import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { AdminClient, ApiError, type ApiEndpoints, type Endpoint, type User } from '@switchboard/client-sdk';
import { DEMO, seedDemo } from '../../server/src/db/seed.js';
import { createStack, type TestStack } from '../support/stack.js';
import { activationLink, startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { codeAt, secretOf } from '../support/twofa.js';

let stack: TestStack;
let sink: SmtpSink;
let owner: AdminClient;
const client = (opts: { token?: string; apiKey?: string } = {}) => new AdminClient({ baseUrl: stack.url, ...opts });

beforeAll(async () => {
  sink = await startSmtpSink();
  stack = await createStack({ env: { SMTP_URL: sink.url } });
  await seedDemo(stack.orm.em.fork());
  owner = client();
  await owner.signIn({ email: DEMO.owner, password: DEMO.password });
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

/** Rejects with the ApiError the call threw, so its status and code can be asserted. */
async function apiError(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => new Error('expected the call to fail'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('AdminClient against a running server', () => {
  it('signs in and reads the caller', async () => {
    const me = await owner.me();
    expect(me.user).toMatchObject({ email: DEMO.owner, role: 'admin', isOwner: true });
    expect(me.menus).toContain('users_teams');
    expect(await owner.request('GET /healthz')).toEqual({ status: 'ok' });
    expect((await owner.request('GET /readyz')).ready).toBe(true);
  });

  it('invites, activates through the link, lists, sets capacity, builds a team and reads the audit', async () => {
    const email = `pat-${randomUUID().slice(0, 8)}@demo.switchboard.test`;
    const invited = await owner.request('POST /invitations', { body: { email, role: 'sale', capacity: 2 } });
    expect(invited.user).toMatchObject({ email, status: 'pending', capacity: 2 });
    const id = invited.user.id;

    const resent = await owner.request('POST /users/:id/resend-invitation', { params: { id } });
    expect(resent.user.id).toBe(id);
    // The resend rotated the token: the second email's link is the live one.
    const { token } = activationLink(await sink.waitFor(email, { after: 1 }));
    const anonymous = client();
    expect(await anonymous.request('GET /invitations/:token', { params: { token } })).toMatchObject({
      email,
      role: 'sale',
      account: { name: DEMO.accountName },
    });
    const activated = await anonymous.request('POST /invitations/accept', {
      body: { token, name: 'Pat Sale', password: 'pat-long-password' },
    });
    expect(activated.user).toEqual({ id, email, name: 'Pat Sale' });

    const page = await owner.request('GET /users', { query: { status: 'active', role: 'sale', pageSize: 100 } });
    expectTypeOf(page.items).toEqualTypeOf<User[]>();
    expect(page.items.map((u) => u.email)).toContain(email);
    expect(page.items.every((u) => u.role === 'sale' && u.status === 'active')).toBe(true);

    const capped = await owner.request('PUT /users/:id/capacity', { params: { id }, body: { capacity: 7 } });
    expect(capped.capacity).toBe(7);

    const team = await owner.request('POST /teams', { body: { name: `Night ${id.slice(0, 6)}`, memberIds: [id] } });
    expect(team.members.map((m) => m.id)).toEqual([id]);
    const renamed = await owner.request('PATCH /teams/:id', {
      params: { id: team.id },
      body: { name: `Late ${id.slice(0, 6)}` },
    });
    expect((await owner.request('GET /teams')).items.map((t) => t.name)).toContain(renamed.name);
    const updated = await owner.request('PATCH /users/:id', { params: { id }, body: { teamIds: [] } });
    expect(updated.teams).toEqual([]);

    const audit = await owner.request('GET /audit', { query: { targetId: id, limit: 20 } });
    expect(audit.items.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'user.invited',
        'user.invitation_resent',
        'user.activated',
        'user.capacity_changed',
        'user.teams_changed',
      ]),
    );
    const capacityEvent = audit.items.find((e) => e.action === 'user.capacity_changed')!;
    expect(capacityEvent).toMatchObject({
      actor: { name: 'Olivia Owner' },
      before: { capacity: 2 },
      after: { capacity: 7 },
    });
    const teamAudit = await owner.request('GET /audit', { query: { action: 'team.created', targetId: team.id } });
    expect(teamAudit.items).toHaveLength(1);

    expect(await owner.request('DELETE /teams/:id', { params: { id: team.id } })).toEqual({ id: team.id });
    expect(await owner.request('DELETE /users/:id', { params: { id } })).toEqual({ id, requeuedConversations: 0 });
  });

  it('throws ApiError with the API error code on 401, 403, 404, 409 and 400', async () => {
    const sale = client();
    await sale.signIn({ email: 'sale1@demo.switchboard.test', password: DEMO.password });
    const forbidden = await apiError(sale.request('GET /users'));
    expect([forbidden.status, forbidden.code]).toEqual([403, 'forbidden']);

    const missing = await apiError(owner.request('GET /users/:id', { params: { id: randomUUID() } }));
    expect([missing.status, missing.code]).toEqual([404, 'not_found']);

    const duplicate = await apiError(owner.request('POST /teams', { body: { name: 'support' } }));
    expect([duplicate.status, duplicate.code]).toEqual([409, 'conflict']);

    const invalid = await apiError(
      owner.request('PUT /users/:id/capacity', { params: { id: (await owner.me()).user.id }, body: { capacity: -1 } }),
    );
    expect([invalid.status, invalid.code]).toEqual([400, 'validation_failed']);
    expect(invalid.details).toMatchObject({ fields: [{ field: 'body.capacity' }] });

    const anonymous = await apiError(client().me());
    expect([anonymous.status, anonymous.code]).toEqual([401, 'unauthenticated']);
  });

  it('enrolls in 2FA, finishes a two-step sign-in, and an Admin resets it', async () => {
    const email = 'service2@demo.switchboard.test';
    const agent = client();
    await agent.signIn({ email, password: DEMO.password });
    const enrollment = await agent.request('POST /me/2fa/enroll');
    const secret = secretOf(enrollment.otpauthUri);
    const { recoveryCodes } = await agent.request('POST /me/2fa/confirm', { body: { code: await codeAt(secret) } });
    expect(recoveryCodes.length).toBeGreaterThan(0);
    expect(await agent.request('GET /me/2fa')).toMatchObject({
      enabled: true,
      recoveryCodesRemaining: recoveryCodes.length,
    });

    const next = client();
    expect((await next.signIn({ email, password: DEMO.password })).stage).toBe('mfa');
    // A recovery code rather than a TOTP: the confirm above used the current time step.
    const verified = await next.verifySignIn({ recoveryCode: recoveryCodes[0] });
    expect(verified).toMatchObject({ stage: 'full', recoveryCodesRemaining: recoveryCodes.length - 1 });
    expect((await next.me()).user.totpEnabled).toBe(true);

    expect(await owner.request('GET /account/security')).toMatchObject({ require2fa: false });
    await owner.request('DELETE /users/:userId/2fa', { params: { userId: (await next.me()).user.id } });
    const revoked = await apiError(next.me());
    expect(revoked.code).toBe('unauthenticated');
  });

  it('posts inbound messages with an API key, idempotently', async () => {
    const integration = client({ apiKey: DEMO.apiKey });
    const body = {
      channel: { phone: DEMO.channelPhone },
      contact: { phone: '+15550199', name: 'Cleo' },
      text: 'Hi',
      providerMessageId: `wamid.${randomUUID()}`,
    };
    const first = await integration.request('POST /v1/inbound/messages', { body });
    expect(first).toMatchObject({ duplicate: false, conversationCreated: true });
    const retry = await integration.request('POST /v1/inbound/messages', { body });
    expect(retry).toMatchObject({ duplicate: true, messageId: first.messageId, conversationId: first.conversationId });
    const wrongKey = await apiError(client({ apiKey: 'sbk_wrong' }).request('POST /v1/inbound/messages', { body }));
    expect(wrongKey.code).toBe('unauthenticated');
  });

  it('drives the Inbox and its settings: API key, channel, inbound message, assign, resolve, contacts, availability', async () => {
    const created = await owner.request('POST /api-keys', { body: { name: 'SDK test' } });
    expect(created.key).toMatch(/^sbk_/);
    expect((await owner.request('GET /api-keys')).items.map((k) => k.id)).toContain(created.id);

    const channel = await owner.request('POST /channels', { body: { name: 'SDK line', phoneNumber: '+1 555 0177' } });
    expect(channel).toMatchObject({ phoneNumber: '+15550177', defaultTeamId: null });
    const renamed = await owner.request('PATCH /channels/:id', {
      params: { id: channel.id },
      body: { name: 'SDK main line' },
    });
    expect((await owner.request('GET /channels')).items).toContainEqual(renamed);

    const integration = client({ apiKey: created.key });
    const inbound = await integration.request('POST /v1/inbound/messages', {
      body: {
        channel: { id: channel.id },
        contact: { phone: '+15550188', name: 'Dana' },
        text: 'Where is my order?',
        providerMessageId: `wamid.${randomUUID()}`,
      },
    });
    const id = inbound.conversationId;
    const waiting = await owner.request('GET /conversations', { query: { unassigned: true, channelId: channel.id } });
    expect(waiting.items.map((c) => c.id)).toEqual([id]);
    const detail = await owner.request('GET /conversations/:id', { params: { id } });
    expect(detail.messages.map((m) => m.body)).toEqual(['Where is my order?']);

    const sam = client();
    await sam.signIn({ email: 'service1@demo.switchboard.test', password: DEMO.password });
    const samId = (await sam.me()).user.id;
    expect((await sam.request('PUT /me/availability', { body: { status: 'paused' } })).status).toBe('paused');
    expect((await sam.request('GET /me/availability')).heartbeatEveryMs).toBeGreaterThan(0);

    const assigned = await owner.request('POST /conversations/:id/assign', { params: { id }, body: { userId: samId } });
    expect(assigned).toMatchObject({ status: 'assigned', assigneeId: samId });
    const resolved = await sam.request('POST /conversations/:id/resolve', { params: { id } });
    expect(resolved.status).toBe('resolved');
    const again = await apiError(sam.request('POST /conversations/:id/resolve', { params: { id } }));
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(
      (await owner.request('GET /conversations/:id/routing', { params: { id } })).events.map((e) => e.reason),
    ).toEqual(['assign', 'resolved']);

    const contact = await owner.request('PUT /contacts/:id/owner', {
      params: { id: inbound.contactId },
      body: { ownerId: samId },
    });
    expect(contact.ownerId).toBe(samId);
    expect((await owner.request('GET /contacts', { query: { ownerId: samId } })).items.map((c) => c.id)).toEqual([
      inbound.contactId,
    ]);

    const settings = await owner.request('PUT /account/routing', { body: { strategy: 'round_robin' } });
    expect(settings).toEqual({
      strategy: 'round_robin',
      ownerFallback: (await owner.request('GET /account/routing')).ownerFallback,
    });
    expect((await apiError(sam.request('GET /account/routing'))).code).toBe('forbidden');

    expect((await owner.request('DELETE /api-keys/:id', { params: { id: created.id } })).revokedAt).not.toBeNull();
    const refused = await apiError(
      integration.request('POST /v1/inbound/messages', {
        body: {
          channel: { id: channel.id },
          contact: { phone: '+15550188' },
          text: 'Hello?',
          providerMessageId: `wamid.${randomUUID()}`,
        },
      }),
    );
    expect(refused.code).toBe('unauthenticated');
  });

  it('covers every JSON route the server mounts', async () => {
    // Exhaustive by type: a key missing here or unknown to the SDK does not compile.
    const sdk: Record<Endpoint, true> = {
      'GET /healthz': true,
      'GET /readyz': true,
      'POST /auth/sign-in': true,
      'POST /auth/2fa/verify': true,
      'POST /auth/sign-out': true,
      'POST /auth/sign-out-everywhere': true,
      'GET /me': true,
      'GET /me/2fa': true,
      'POST /me/2fa/enroll': true,
      'POST /me/2fa/confirm': true,
      'POST /me/2fa/disable': true,
      'POST /me/2fa/recovery-codes': true,
      'GET /account/security': true,
      'PUT /account/security': true,
      'DELETE /users/:userId/2fa': true,
      'GET /users': true,
      'GET /users/:id': true,
      'PATCH /users/:id': true,
      'PUT /users/:id/capacity': true,
      'DELETE /users/:id': true,
      'POST /users/:id/transfer-ownership': true,
      'POST /users/:id/resend-invitation': true,
      'POST /invitations': true,
      'GET /invitations/:token': true,
      'POST /invitations/accept': true,
      'GET /teams': true,
      'GET /teams/:id': true,
      'POST /teams': true,
      'PATCH /teams/:id': true,
      'PUT /teams/:id/members': true,
      'DELETE /teams/:id': true,
      'GET /audit': true,
      'GET /conversations': true,
      'GET /conversations/:id': true,
      'GET /conversations/:id/routing': true,
      'GET /conversations/:id/messages': true,
      'POST /conversations/:id/messages': true,
      'GET /conversations/:id/transfer-targets': true,
      'POST /conversations/:id/pick': true,
      'POST /conversations/:id/assign': true,
      'POST /conversations/:id/transfer': true,
      'POST /conversations/:id/unassign': true,
      'POST /conversations/:id/resolve': true,
      'POST /conversations/:id/reopen': true,
      'GET /load-board': true,
      'GET /me/availability': true,
      'PUT /me/availability': true,
      'GET /channels': true,
      'POST /channels': true,
      'PATCH /channels/:id': true,
      'DELETE /channels/:id': true,
      'GET /account/routing': true,
      'PUT /account/routing': true,
      'GET /contacts': true,
      'GET /contacts/:id': true,
      'PUT /contacts/:id/owner': true,
      'GET /api-keys': true,
      'POST /api-keys': true,
      'DELETE /api-keys/:id': true,
      'POST /v1/inbound/messages': true,
    };
    // Not JSON APIs: Prometheus text and the API description itself.
    const notJson = new Set(['GET /metrics', 'GET /openapi.json']);
    const doc = await owner.raw<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json');
    const mounted = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
      )
      .filter((e) => !notJson.has(e));
    expect(Object.keys(sdk).sort()).toEqual(mounted.sort());
    expectTypeOf<keyof typeof sdk>().toEqualTypeOf<keyof ApiEndpoints>();
  });

  it('transfers ownership, after which the former owner is an Admin who cannot transfer it again', async () => {
    const adam = client();
    await adam.signIn({ email: 'admin@demo.switchboard.test', password: DEMO.password });
    const adamId = (await adam.me()).user.id;
    const ownerId = (await owner.me()).user.id;
    expect(await owner.request('POST /users/:id/transfer-ownership', { params: { id: adamId } })).toEqual({
      ownerId: adamId,
      previousOwnerId: ownerId,
    });
    const again = await apiError(owner.request('POST /users/:id/transfer-ownership', { params: { id: ownerId } }));
    expect(again.status).toBe(403);
    expect((await owner.me()).user).toMatchObject({ role: 'admin', isOwner: false });
    // Leave the seeded owner as it was for anyone reading this account afterwards.
    await adam.request('POST /users/:id/transfer-ownership', { params: { id: ownerId } });
  });
});
