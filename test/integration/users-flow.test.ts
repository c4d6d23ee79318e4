import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createStack, type TestStack } from '../support/stack.js';
import { api, signIn } from '../support/api.js';
import { activationLink, startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';
import { CONSOLE_MARKER, fakeConsoleDir } from '../support/console-dir.js';

let stack: TestStack;
let sink: SmtpSink;
let acct: SeededAccount;
let consoleDir: Awaited<ReturnType<typeof fakeConsoleDir>>;

beforeAll(async () => {
  sink = await startSmtpSink();
  consoleDir = await fakeConsoleDir();
  stack = await createStack({ env: { SMTP_URL: sink.url, CONSOLE_DIR: consoleDir.dir } });
  acct = await seedAccount(stack.orm.em.fork(), 'Flow Shop');
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
  await consoleDir?.remove();
});

/** An ongoing conversation assigned to `userId`, with the ledger in step, as routing would leave it. */
async function giveConversation(accountId: string, userId: string): Promise<string> {
  const em = stack.orm.em.fork();
  const channel = randomUUID();
  const contact = randomUUID();
  const conversation = randomUUID();
  await em.execute(
    `insert into channels (id, account_id, name, phone_number, created_at) values (?, ?, 'WA', ?, now())`,
    [channel, accountId, `+1${Date.now()}`],
    'run',
  );
  await em.execute(
    `insert into contacts (id, account_id, phone_number, name, created_at) values (?, ?, '+4412345', 'Carla Customer', now())`,
    [contact, accountId],
    'run',
  );
  await em.execute(
    `insert into conversations (id, account_id, channel_id, contact_id, status, assignee_id, queued_at, assigned_at, last_message_at, created_at)
     values (?, ?, ?, ?, 'assigned', ?, now(), now(), now(), now())`,
    [conversation, accountId, channel, contact, userId],
    'run',
  );
  await em.execute(`update agent_loads set ongoing = ongoing + 1 where user_id = ?`, [userId], 'run');
  return conversation;
}

describe('the help page, end to end', () => {
  it('invite → email → activate via the link → sign in → edit role and teams → capacity → remove', async () => {
    const ownerToken = await signIn(stack.url, acct.owner.email, PASSWORD);
    const owner = api(stack.url, ownerToken);

    const invited = await owner.post('/invitations', {
      email: 'New.Person@Example.test',
      role: 'service',
      teamIds: [acct.team.id],
      capacity: 3,
    });
    expect(invited.status).toBe(201);
    expect(invited.body.user).toMatchObject({
      email: 'new.person@example.test',
      status: 'pending',
      role: 'service',
      capacity: 3,
      ongoing: 0,
      isOwner: false,
    });
    expect(invited.body.user.teams).toEqual([acct.team]);
    expect(invited.body.invitation.emailSent).toBe(true);
    expect(JSON.stringify(invited.body)).not.toMatch(/sbi_/);
    const userId = invited.body.user.id as string;

    const mail = await sink.waitFor('new.person@example.test');
    expect(mail.subject).toContain('Flow Shop');
    expect(mail.html).toContain('Activate Account');
    const { link, token } = activationLink(mail);
    expect(link.startsWith(`${stack.config.publicUrl}/activate?token=`)).toBe(true);
    // The stored form is a hash: the token itself is nowhere in the database.
    const [stored] = await stack.orm.em
      .fork()
      .execute(`select count(*)::int as n from invitations where token_hash = ?`, [token]);
    expect(stored.n).toBe(0);

    // The link opens the console's activation screen: the browser gets the console, which reads the invitation
    // and then activates it through the two calls below.
    const page = await fetch(`${stack.url}/activate?token=${encodeURIComponent(token)}`, {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(CONSOLE_MARKER);
    const info = await api(stack.url).get(`/invitations/${token}`);
    expect(info.body).toMatchObject({
      email: 'new.person@example.test',
      role: 'service',
      account: { id: acct.id, name: 'Flow Shop' },
    });

    expect(
      (await api(stack.url).post('/auth/sign-in', { email: 'new.person@example.test', password: 'not-yet-set' }))
        .status,
    ).toBe(401);
    const accepted = await api(stack.url).post('/invitations/accept', {
      token,
      name: 'Nora Newcomer',
      password: 'a-good-password',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({
      user: { id: userId, email: 'new.person@example.test', name: 'Nora Newcomer' },
      account: { id: acct.id, name: 'Flow Shop' },
    });

    const nora = await signIn(stack.url, 'new.person@example.test', 'a-good-password');
    const me = await api(stack.url, nora).get('/me');
    expect(me.body.user).toMatchObject({ name: 'Nora Newcomer', role: 'service', capacity: 3 });
    expect((await owner.get(`/users/${userId}`)).body).toMatchObject({
      status: 'active',
      invitation: null,
      activatedAt: expect.any(String),
    });

    // Edit role and teams: the user is signed out everywhere and sees the new rights at next sign-in.
    const sales = await owner.post('/teams', { name: 'Sales', memberIds: [] });
    const edited = await owner.patch(`/users/${userId}`, { role: 'sale', teamIds: [sales.body.id] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ role: 'sale', teams: [{ id: sales.body.id, name: 'Sales' }] });
    expect((await api(stack.url, nora).get('/me')).status).toBe(401);
    const nora2 = await signIn(stack.url, 'new.person@example.test', 'a-good-password');
    expect((await api(stack.url, nora2).get('/me')).body.menus).toEqual(['inbox', 'contact']);

    // The email cannot be changed.
    const emailChange = await owner.patch(`/users/${userId}`, { email: 'other@example.test' });
    expect(emailChange.status).toBe(400);
    expect(emailChange.body.error.details.fields).toEqual([
      { field: 'body.email', message: expect.stringContaining('email cannot be changed') },
    ]);

    const cap = await owner.put(`/users/${userId}/capacity`, { capacity: 5 });
    expect(cap.status).toBe(200);
    expect(cap.body.capacity).toBe(5);
    expect((await owner.put(`/users/${userId}/capacity`, { capacity: null })).body.capacity).toBeNull();
    expect((await owner.put(`/users/${userId}/capacity`, { capacity: 0 })).body.capacity).toBe(0);

    // Remove: the ongoing conversation returns to Unassigned, history keeps the name, sessions die at once.
    const conversationId = await giveConversation(acct.id, userId);
    expect((await owner.get(`/users/${userId}`)).body.ongoing).toBe(1);
    const removed = await owner.delete(`/users/${userId}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ id: userId, requeuedConversations: 1 });
    expect((await api(stack.url, nora2).get('/me')).status).toBe(401);
    expect((await owner.get(`/users/${userId}`)).status).toBe(404);
    expect(
      (await api(stack.url).post('/auth/sign-in', { email: 'new.person@example.test', password: 'a-good-password' }))
        .status,
    ).toBe(401);

    const em = stack.orm.em.fork();
    const [conv] = await em.execute(`select status, assignee_id from conversations where id = ?`, [conversationId]);
    expect(conv).toEqual({ status: 'unassigned', assignee_id: null });
    const events = await em.execute(
      `select kind, from_user_id, from_user_name, actor_name from assignment_events where conversation_id = ?`,
      [conversationId],
    );
    expect(events).toEqual([
      { kind: 'requeue', from_user_id: userId, from_user_name: 'Nora Newcomer', actor_name: acct.owner.name },
    ]);
    const socketEvents = await em.execute(`select type, payload from realtime_events where conversation_id = ?`, [
      conversationId,
    ]);
    expect(socketEvents).toHaveLength(1);
    expect(socketEvents[0]).toMatchObject({
      type: 'conversation.unassigned',
      payload: {
        previousAssigneeId: userId,
        reason: 'requeue',
        conversation: { id: conversationId, status: 'unassigned', assigneeId: null, contactName: 'Carla Customer' },
      },
    });

    // Every step is in the audit log, newest first, with actor, target and before/after.
    const audit = await owner.get('/audit?limit=100');
    expect(audit.status).toBe(200);
    const mine = audit.body.items.filter((e: { target: { id: string } }) => e.target.id === userId);
    expect(mine.map((e: { action: string }) => e.action)).toEqual([
      'user.removed',
      'user.capacity_changed',
      'user.capacity_changed',
      'user.capacity_changed',
      'user.teams_changed',
      'user.role_changed',
      'user.activated',
      'user.invited',
    ]);
    const removedEvent = mine[0];
    expect(removedEvent).toMatchObject({
      actor: { id: acct.owner.id, name: acct.owner.name },
      target: { type: 'user', id: userId, label: 'new.person@example.test' },
      before: { name: 'Nora Newcomer', role: 'sale', capacity: 0 },
      after: { requeuedConversations: 1 },
    });
    expect(mine.find((e: { action: string }) => e.action === 'user.role_changed')).toMatchObject({
      before: { role: 'service' },
      after: { role: 'sale' },
    });
    expect(mine.find((e: { action: string }) => e.action === 'user.activated').actor).toEqual({
      id: userId,
      name: 'Nora Newcomer',
    });
    // Filtered by actor: the one thing the new user did themselves, even after their removal.
    const byActor = await owner.get(`/audit?actorId=${userId}`);
    expect(byActor.status).toBe(200);
    expect(byActor.body.items.map((e: { action: string }) => e.action)).toEqual(['user.activated']);
  });

  it('transfers ownership as the help page describes, then the new owner removes the former one', async () => {
    const oldOwnerToken = await signIn(stack.url, acct.owner.email, PASSWORD);
    const oldOwner = api(stack.url, oldOwnerToken);
    const target = acct.byRole.operator;
    const otherAdmin = api(stack.url, await signIn(stack.url, acct.byRole.admin.email, PASSWORD));

    // The owner cannot be removed or demoted, by anyone.
    const removeOwner = await otherAdmin.delete(`/users/${acct.owner.id}`);
    expect(removeOwner.status).toBe(409);
    expect(removeOwner.body.error.message).toMatch(/owner cannot be removed/);
    const demote = await otherAdmin.patch(`/users/${acct.owner.id}`, { role: 'operator' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/owner must stay an Admin/);
    // Only the owner transfers.
    expect((await otherAdmin.post(`/users/${target.id}/transfer-ownership`)).status).toBe(403);

    const targetToken = await signIn(stack.url, target.email, PASSWORD);
    const transferred = await oldOwner.post(`/users/${target.id}/transfer-ownership`);
    expect(transferred.status).toBe(200);
    expect(transferred.body).toEqual({ ownerId: target.id, previousOwnerId: acct.owner.id });
    // The target's role changed (operator → admin), so their old session is gone.
    expect((await api(stack.url, targetToken).get('/me')).status).toBe(401);

    const newOwner = api(stack.url, await signIn(stack.url, target.email, PASSWORD));
    expect((await newOwner.get('/me')).body.user).toMatchObject({ role: 'admin', isOwner: true });
    const formerMe = await oldOwner.get('/me');
    expect(formerMe.body.user).toMatchObject({ role: 'admin', isOwner: false });
    const owners = (await newOwner.get('/users?pageSize=200')).body.items.filter(
      (u: { isOwner: boolean }) => u.isOwner,
    );
    expect(owners.map((u: { id: string }) => u.id)).toEqual([target.id]);

    expect((await newOwner.delete(`/users/${acct.owner.id}`)).status).toBe(200);
    expect((await oldOwner.get('/me')).status).toBe(401);

    const audit = await newOwner.get('/audit?action=account.ownership_transferred');
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      actor: { id: acct.owner.id },
      target: { id: target.id },
      before: { ownerId: acct.owner.id, targetRole: 'operator' },
      after: { ownerId: target.id, targetRole: 'admin' },
    });
  });

  it('documents every route in /openapi.json with its response schema', async () => {
    const doc = (await api(stack.url).get('/openapi.json')).body;
    const expected: Array<[string, string, string]> = [
      ['get', '/users', '200'],
      ['get', '/users/{id}', '200'],
      ['patch', '/users/{id}', '200'],
      ['put', '/users/{id}/capacity', '200'],
      ['delete', '/users/{id}', '200'],
      ['post', '/users/{id}/transfer-ownership', '200'],
      ['post', '/users/{id}/resend-invitation', '200'],
      ['post', '/invitations', '201'],
      ['get', '/invitations/{token}', '200'],
      ['post', '/invitations/accept', '200'],
      ['get', '/teams', '200'],
      ['get', '/teams/{id}', '200'],
      ['post', '/teams', '201'],
      ['patch', '/teams/{id}', '200'],
      ['put', '/teams/{id}/members', '200'],
      ['delete', '/teams/{id}', '200'],
      ['get', '/audit', '200'],
    ];
    for (const [method, path, status] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.responses[status].content['application/json'].schema, `${method} ${path}`).toBeDefined();
    }
    expect(doc.paths['/users/{id}'].patch.requestBody.content['application/json'].schema.additionalProperties).toBe(
      false,
    );
    expect(
      doc.paths['/users/{id}/capacity'].put.requestBody.content['application/json'].schema.properties.capacity,
    ).toBeDefined();
  });
});
