import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStack, type TestStack } from '../support/stack.js';
import { api, signIn } from '../support/api.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';
import { RoutingFixtures } from '../support/routing-fixtures.js';

// docs/architecture.md (security): every query is scoped to the caller's account; another account's id
// answers 404 exactly like a missing one, and changes nothing. The Users & teams endpoints have their own table (users-access.test.ts).
let stack: TestStack;
let a: SeededAccount;
let b: SeededAccount;
const em = () => stack.orm.em.fork();
const sql = <T = any>(q: string, p: unknown[] = []) => em().execute<T[]>(q, p);
const ids: Record<'conversation' | 'channel' | 'contact' | 'apiKey' | 'userOfA', string> = {} as never;

beforeAll(async () => {
  stack = await createStack({ servers: 1 });
  a = await seedAccount(em(), 'TenantA');
  b = await seedAccount(em(), 'TenantB');
  [{ id: ids.channel }] = await sql(
    `insert into channels (id, account_id, name, phone_number, created_at) values (gen_random_uuid(), ?, 'wa', '+15550009', now()) returning id`,
    [a.id],
  );
  [ids.conversation] = await new RoutingFixtures(em).conversations(a.id, ids.channel, [{}]);
  [{ contact_id: ids.contact }] = await sql(`select contact_id from conversations where id = ?`, [ids.conversation]);
  [{ id: ids.apiKey }] = await sql(
    `insert into api_keys (id, account_id, name, prefix, key_hash, created_at) values (gen_random_uuid(), ?, 'k', 'sbk_x', md5(random()::text), now()) returning id`,
    [a.id],
  );
  ids.userOfA = a.byRole.service.id;
});
afterAll(() => stack?.close());

const cases: Array<
  [
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: (i: typeof ids) => string,
    body?: (i: typeof ids) => unknown,
  ]
> = [
  ['get', (i) => `/conversations/${i.conversation}`],
  ['get', (i) => `/conversations/${i.conversation}/routing`],
  ['post', (i) => `/conversations/${i.conversation}/pick`],
  ['post', (i) => `/conversations/${i.conversation}/assign`, (i) => ({ userId: i.userOfA })],
  ['post', (i) => `/conversations/${i.conversation}/transfer`, (i) => ({ toUserId: i.userOfA })],
  ['post', (i) => `/conversations/${i.conversation}/unassign`],
  ['post', (i) => `/conversations/${i.conversation}/resolve`],
  ['post', (i) => `/conversations/${i.conversation}/reopen`],
  ['patch', (i) => `/channels/${i.channel}`, () => ({ name: 'hijacked' })],
  ['delete', (i) => `/channels/${i.channel}`],
  ['get', (i) => `/contacts/${i.contact}`],
  ['put', (i) => `/contacts/${i.contact}/owner`, () => ({ ownerId: null })],
  ['delete', (i) => `/api-keys/${i.apiKey}`],
];

it.each(cases)('an Admin of another account gets 404 on %s %s, and nothing changes', async (method, path, body) => {
  const before = await sql(
    `select (select row_to_json(c) from conversations c where id = ?) as c, (select row_to_json(ch) from channels ch where id = ?) as ch,
    (select row_to_json(k) from api_keys k where id = ?) as k`,
    [ids.conversation, ids.channel, ids.apiKey],
  );
  const admin = api(stack.url, await signIn(stack.url, b.byRole.admin.email, PASSWORD));
  const r = await admin.call(
    method.toUpperCase(),
    path(ids),
    body ? body(ids) : method === 'post' || method === 'put' || method === 'patch' ? {} : undefined,
  );
  expect(r.status, JSON.stringify(r.body)).toBe(404);
  expect(r.body.error.code).toBe('not_found');
  const after = await sql(
    `select (select row_to_json(c) from conversations c where id = ?) as c, (select row_to_json(ch) from channels ch where id = ?) as ch,
    (select row_to_json(k) from api_keys k where id = ?) as k`,
    [ids.conversation, ids.channel, ids.apiKey],
  );
  expect(after).toEqual(before);
});

it('lists of another account show none of its rows', async () => {
  const admin = api(stack.url, await signIn(stack.url, b.byRole.admin.email, PASSWORD));
  for (const path of ['/conversations', '/contacts', '/channels', '/api-keys']) {
    const r = await admin.get(path);
    expect(r.status, path).toBe(200);
    const items = (Array.isArray(r.body) ? r.body : r.body.items) as Array<{ id: string }>;
    for (const x of items) expect([ids.conversation, ids.contact, ids.channel, ids.apiKey]).not.toContain(x.id);
  }
});
