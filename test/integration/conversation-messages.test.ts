import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createStack, type TestStack } from '../support/stack.js';
import { api, signIn, type ApiResponse } from '../support/api.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';
import { RoutingFixtures } from '../support/routing-fixtures.js';
import { recordingAgent, waitFor } from '../support/realtime.js';

let stack: TestStack;
let acc: SeededAccount;
let other: SeededAccount;
let channel: string;
const tokens: Record<string, string> = {};
const em = () => stack.orm.em.fork();
const sql = <T = any>(q: string, p: unknown[] = []) => em().execute<T[]>(q, p);
const as = (role: keyof SeededAccount['byRole']) => api(stack.url, tokens[role]);

beforeAll(async () => {
  stack = await createStack({ servers: 1 });
  acc = await seedAccount(em(), 'Replies');
  other = await seedAccount(em(), 'Elsewhere');
  for (const [role, u] of Object.entries(acc.byRole)) tokens[role] = await signIn(stack.url, u.email, PASSWORD);
  channel = randomUUID();
  await sql(
    `insert into channels (id, account_id, name, phone_number, created_at) values (?, ?, 'wa', '+15550002', now())`,
    [channel, acc.id],
  );
});
afterAll(() => stack?.close());

/** A conversation of the test account; assigned (by SQL, routing is not under test here) unless told otherwise. */
async function conversation(
  opts: { assignee?: string | null; status?: 'assigned' | 'unassigned' | 'resolved'; ownerId?: string } = {},
) {
  const [id] = await new RoutingFixtures(em).conversations(acc.id, channel, [{ ownerId: opts.ownerId ?? null }]);
  const assignee = opts.assignee === undefined ? acc.byRole.service.id : opts.assignee;
  const status = opts.status ?? (assignee ? 'assigned' : 'unassigned');
  await sql(`update conversations set status = ?, assignee_id = ? where id = ?`, [status, assignee, id]);
  return id;
}

const counts = async () => {
  const [r] = await sql<{ messages: number; events: number }>(
    `select (select count(*)::int from messages where account_id = ?) as messages,
            (select count(*)::int from realtime_events where account_id = ?) as events`,
    [acc.id, acc.id],
  );
  return r;
};

describe('POST /conversations/:id/messages', () => {
  it('stores the assignee’s reply as an outbound message, answers 201 with it, and tells other viewers live', async () => {
    const id = await conversation();
    const watcher = await recordingAgent(stack.url, tokens.admin);
    try {
      const r = await as('service').post(`/conversations/${id}/messages`, {
        text: '  Hello there,\nhow can I help?  ',
      });
      expect(r.status).toBe(201);
      expect(r.body).toEqual({
        id: expect.stringMatching(/^[0-9]+$/),
        direction: 'outbound',
        body: 'Hello there,\nhow can I help?',
        authorId: acc.byRole.service.id,
        authorName: acc.byRole.service.name,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const [row] = await sql(`select conversation_id, direction, body, author_id from messages where id = ?`, [
        r.body.id,
      ]);
      expect(row).toEqual({
        conversation_id: id,
        direction: 'outbound',
        body: 'Hello there,\nhow can I help?',
        author_id: acc.byRole.service.id,
      });
      const live = await waitFor(
        () => watcher.received.find((e) => e.type === 'message.created' && e.payload.conversation.id === id),
        'message.created on the admin socket',
      );
      expect(live.payload).toMatchObject({
        conversation: { id, status: 'assigned', assigneeId: acc.byRole.service.id },
        message: { id: r.body.id, direction: 'outbound', body: r.body.body, authorId: acc.byRole.service.id },
      });
    } finally {
      watcher.client.close();
    }
  });

  it('is refused (403) to everyone but the current assignee, and on an unassigned conversation', async () => {
    const id = await conversation();
    const before = await counts();
    for (const role of ['admin', 'operator', 'inbox_manager', 'developer'] as const) {
      const r = await as(role).post(`/conversations/${id}/messages`, { text: 'not mine' });
      expect(r.status, role).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    const waiting = await conversation({ assignee: null });
    expect((await as('service').post(`/conversations/${waiting}/messages`, { text: 'hi' })).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for a conversation the caller may not see, another account’s, or none at all', async () => {
    const foreign = await conversation();
    const r = await as('sale').post(`/conversations/${foreign}/messages`, { text: 'hi' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    const [elsewhere] = await new RoutingFixtures(em).conversations(other.id, (await otherChannel()).id, [{}]);
    expect((await as('service').post(`/conversations/${elsewhere}/messages`, { text: 'hi' })).status).toBe(404);
    expect((await as('service').post(`/conversations/${randomUUID()}/messages`, { text: 'hi' })).status).toBe(404);
    expect((await as('service').post(`/conversations/not-a-uuid/messages`, { text: 'hi' })).status).toBe(400);
  });

  it('refuses bad bodies with 400 and a field error, writing nothing', async () => {
    const id = await conversation();
    const before = await counts();
    const bad: unknown[] = [
      {},
      { text: '' },
      { text: '   \n\t ' },
      { text: 'a'.repeat(4097) },
      { text: 'nul \u0000 inside' },
      { text: 'a bell \u0007' },
      { text: 'lone \ud800 surrogate' },
      { text: 42 },
      { text: 'ok', extra: true },
    ];
    for (const body of bad) {
      const r = await as('service').post(`/conversations/${id}/messages`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
      expect(r.body.error.details.fields.length).toBeGreaterThan(0);
    }
    const noBody = await as('service').call('POST', `/conversations/${id}/messages`);
    expect(noBody.status).toBe(400);
    expect(await counts()).toEqual(before);
    // The limit is on the trimmed text: 4096 characters with surrounding blanks still go through.
    const longest = await as('service').post(`/conversations/${id}/messages`, { text: ` ${'a'.repeat(4096)} ` });
    expect(longest.status).toBe(201);
    expect(longest.body.body).toHaveLength(4096);
  });

  it('answers 409 once the conversation is resolved, even to its last assignee', async () => {
    const id = await conversation({ status: 'resolved' });
    const before = await counts();
    const r = await as('service').post(`/conversations/${id}/messages`, { text: 'too late' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
    expect(await counts()).toEqual(before);
  });
});

describe('GET /conversations/:id/messages', () => {
  it('lists inbound and outbound messages oldest first, page by page', async () => {
    const id = await conversation();
    await sql(
      `insert into messages (account_id, conversation_id, direction, body, created_at)
       select ?, ?, 'inbound', 'inbound ' || n, now() from generate_series(1, 3) n`,
      [acc.id, id],
    );
    for (const text of ['reply 1', 'reply 2'])
      expect((await as('service').post(`/conversations/${id}/messages`, { text })).status).toBe(201);
    const bodies: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const r: ApiResponse = await as('service').get(
        `/conversations/${id}/messages?limit=2${after ? `&after=${after}` : ''}`,
      );
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      bodies.push(...r.body.items.map((m: any) => m.body));
      after = r.body.nextCursor;
      pages++;
    } while (after && pages < 10);
    expect(bodies).toEqual(['inbound 1', 'inbound 2', 'inbound 3', 'reply 1', 'reply 2']);
    expect(pages).toBe(3);
    const all = await as('admin').get(`/conversations/${id}/messages`);
    expect(all.body.items.map((m: any) => m.direction)).toEqual([
      'inbound',
      'inbound',
      'inbound',
      'outbound',
      'outbound',
    ]);
    expect(all.body.nextCursor).toBeNull();
  });

  it('is scoped like the conversation: a Sale user reads their contact’s conversation and nobody else’s', async () => {
    const theirs = await conversation({ ownerId: acc.byRole.sale.id });
    const foreign = await conversation();
    await sql(
      `insert into messages (account_id, conversation_id, direction, body, created_at) values (?, ?, 'inbound', 'hi', now())`,
      [acc.id, theirs],
    );
    const mine = await as('sale').get(`/conversations/${theirs}/messages`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((m: any) => m.body)).toEqual(['hi']);
    expect((await as('sale').get(`/conversations/${foreign}/messages`)).status).toBe(404);
    const [elsewhere] = await new RoutingFixtures(em).conversations(other.id, (await otherChannel()).id, [{}]);
    expect((await as('admin').get(`/conversations/${elsewhere}/messages`)).status).toBe(404);
    const bad = await as('admin').get(`/conversations/${theirs}/messages?limit=0&after=x`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['query.after', 'query.limit']);
  });
});

describe('GET /conversations/:id/transfer-targets', () => {
  it('lists the active users with their teams and the teams, for a conversation the caller may see', async () => {
    const id = await conversation();
    const r = await as('service').get(`/conversations/${id}/transfer-targets`);
    expect(r.status).toBe(200);
    expect(r.body.teams).toEqual([{ id: acc.team.id, name: acc.team.name }]);
    expect(r.body.users.map((u: any) => u.id).sort()).toEqual(
      [acc.owner, ...Object.values(acc.byRole)].map((u) => u.id).sort(),
    );
    expect(r.body.users.find((u: any) => u.id === acc.byRole.sale.id)).toEqual({
      id: acc.byRole.sale.id,
      name: acc.byRole.sale.name,
      role: 'sale',
      teamIds: [],
    });
    expect((await as('sale').get(`/conversations/${id}/transfer-targets`)).status).toBe(404);
  });
});

let otherChannelRow: { id: string } | undefined;
async function otherChannel() {
  if (!otherChannelRow) {
    otherChannelRow = { id: randomUUID() };
    await sql(
      `insert into channels (id, account_id, name, phone_number, created_at) values (?, ?, 'wa', '+15550003', now())`,
      [otherChannelRow.id, other.id],
    );
  }
  return otherChannelRow;
}
