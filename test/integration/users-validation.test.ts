import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createStack, type TestStack } from '../support/stack.js';
import { api, signIn, type ApiResponse } from '../support/api.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';
import { ROLES } from '../../server/src/db/entities/user.entity.js';

let stack: TestStack;
let acct: SeededAccount;
let admin: ReturnType<typeof api>;
let userId: string;
let teamId: string;
const outbox = `/tmp/sb-outbox-${randomUUID()}`;

beforeAll(async () => {
  stack = await createStack({ env: { OUTBOX_DIR: outbox } });
  acct = await seedAccount(stack.orm.em.fork(), 'Validation');
  admin = api(stack.url, await signIn(stack.url, acct.owner.email, PASSWORD));
  userId = acct.byRole.sale.id;
  teamId = acct.team.id;
});
afterAll(async () => {
  await stack?.close();
  await rm(outbox, { recursive: true, force: true });
});

const huge = 'x'.repeat(5000);

/** [description, request, the field the message must name]. */
const invalid: Array<[string, () => Promise<ApiResponse>, string]> = [
  ['capacity negative', () => admin.put(`/users/${userId}/capacity`, { capacity: -1 }), 'body.capacity'],
  ['capacity fractional', () => admin.put(`/users/${userId}/capacity`, { capacity: 1.5 }), 'body.capacity'],
  ['capacity as a string', () => admin.put(`/users/${userId}/capacity`, { capacity: '5' }), 'body.capacity'],
  ['capacity absurd', () => admin.put(`/users/${userId}/capacity`, { capacity: 1e12 }), 'body.capacity'],
  [
    'capacity just above the limit',
    () => admin.put(`/users/${userId}/capacity`, { capacity: 10_001 }),
    'body.capacity',
  ],
  ['capacity missing', () => admin.put(`/users/${userId}/capacity`, {}), 'body.capacity'],
  ['capacity with an extra field', () => admin.put(`/users/${userId}/capacity`, { capacity: 3, userId }), 'body'],
  ['user id not a uuid', () => admin.put('/users/42/capacity', { capacity: 3 }), 'params.id'],
  ['invite without email', () => admin.post('/invitations', { role: 'sale' }), 'body.email'],
  ['invite with a bad email', () => admin.post('/invitations', { email: 'nope', role: 'sale' }), 'body.email'],
  [
    'invite with a huge email',
    () => admin.post('/invitations', { email: `${huge}@x.test`, role: 'sale' }),
    'body.email',
  ],
  [
    'invite with an unknown role',
    () => admin.post('/invitations', { email: 'a@x.test', role: 'superadmin' }),
    'body.role',
  ],
  [
    'invite with teamIds not an array',
    () => admin.post('/invitations', { email: 'a@x.test', role: 'sale', teamIds: teamId }),
    'body.teamIds',
  ],
  [
    'invite with a bad team id',
    () => admin.post('/invitations', { email: 'a@x.test', role: 'sale', teamIds: ['x'] }),
    'body.teamIds.0',
  ],
  [
    'invite with negative capacity',
    () => admin.post('/invitations', { email: 'a@x.test', role: 'sale', capacity: -3 }),
    'body.capacity',
  ],
  [
    'invite with an extra field',
    () => admin.post('/invitations', { email: 'a@x.test', role: 'sale', status: 'active' }),
    'body',
  ],
  ['edit with nothing to change', () => admin.patch(`/users/${userId}`, {}), 'body'],
  ['edit the email', () => admin.patch(`/users/${userId}`, { role: 'sale', email: 'new@x.test' }), 'body.email'],
  ['edit with a wrong role type', () => admin.patch(`/users/${userId}`, { role: 5 }), 'body.role'],
  ['edit with an unknown field', () => admin.patch(`/users/${userId}`, { name: 'Renamed' }), 'body'],
  ['team without a name', () => admin.post('/teams', { memberIds: [] }), 'body.name'],
  ['team with a blank name', () => admin.post('/teams', { name: '   ' }), 'body.name'],
  ['team with a huge name', () => admin.post('/teams', { name: huge }), 'body.name'],
  ['team with a NUL in its name', () => admin.post('/teams', { name: 'a\u0000b' }), 'body.name'],
  ['rename to a lone surrogate', () => admin.patch(`/teams/${teamId}`, { name: 'a\ud800' }), 'body.name'],
  ['search with a NUL', () => admin.get('/users?q=%00'), 'query.q'],
  ['team members not uuids', () => admin.put(`/teams/${teamId}/members`, { memberIds: [1, 2] }), 'body.memberIds.0'],
  ['team members missing', () => admin.put(`/teams/${teamId}/members`, {}), 'body.memberIds'],
  ['rename with a number', () => admin.patch(`/teams/${teamId}`, { name: 7 }), 'body.name'],
  ['list with page 0', () => admin.get('/users?page=0'), 'query.page'],
  ['list with a huge page size', () => admin.get('/users?pageSize=100000'), 'query.pageSize'],
  ['list with an unknown role', () => admin.get('/users?role=boss'), 'query.role'],
  ['list with an unknown parameter', () => admin.get('/users?sort=name'), 'query'],
  ['audit with a bad cursor', () => admin.get('/audit?cursor=abc'), 'query.cursor'],
  ['audit with a negative limit', () => admin.get('/audit?limit=-1'), 'query.limit'],
  [
    'activation without a name',
    () => api(stack.url).post('/invitations/accept', { token: 'sbi_x', password: 'long-enough' }),
    'body.name',
  ],
  [
    'activation with a short password',
    () => api(stack.url).post('/invitations/accept', { token: 'sbi_x', name: 'A', password: 'short' }),
    'body.password',
  ],
  [
    'activation with a huge password',
    () => api(stack.url).post('/invitations/accept', { token: 'sbi_x', name: 'A', password: huge }),
    'body.password',
  ],
  ['transfer with a body', () => admin.post(`/users/${userId}/transfer-ownership`, { force: true }), 'body'],
];

describe('invalid input answers 4xx with a field message', () => {
  it.each(invalid)('%s', async (_name, call, field) => {
    const r = await call();
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    const fields = r.body.error.details.fields as Array<{ field: string; message: string }>;
    expect(fields.map((f) => f.field)).toContain(field);
    for (const f of fields) expect(f.message.length).toBeGreaterThan(0);
  });

  it('names the unknown field in its message', async () => {
    const r = await admin.put(`/users/${userId}/capacity`, { capacity: 3, sneaky: true });
    expect(r.body.error.details.fields[0].message).toContain('sneaky');
  });

  it('refuses non-JSON and oversized bodies without a 5xx', async () => {
    const raw = await fetch(`${stack.url}/teams`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await signIn(stack.url, acct.owner.email, PASSWORD)}`,
      },
      body: '{"name":',
    });
    expect(raw.status).toBe(400);
    const big = await admin.post('/teams', { name: 'x'.repeat(300_000) });
    expect(big.status).toBe(413);
    const arr = await admin.patch(`/users/${userId}`, [1, 2]);
    expect(arr.status).toBe(400);
  });

  it('nothing invalid changed anything', async () => {
    const r = await admin.get(`/users/${userId}`);
    expect(r.body).toMatchObject({ role: 'sale', capacity: null, email: acct.byRole.sale.email });
  });
});

describe('property: no request body makes a 5xx', () => {
  // Strings that have broken servers before: NUL (PostgreSQL refuses it in text), lone surrogates, LIKE
  // wildcards, quotes, whitespace only.
  const nasty = fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    'x\u0000',
    '\ud800',
    '%_\\',
    "'; drop table users; --",
    '\u202e',
    'null',
  );
  const anyValue = fc.oneof(
    { arbitrary: nasty, weight: 12 },
    fc.string({ maxLength: 50 }),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.uuid(),
    fc.constantFrom(...ROLES),
    fc.emailAddress(),
    fc.array(fc.oneof(fc.uuid(), fc.string(), fc.integer()), { maxLength: 5 }),
    fc.string({ minLength: 5000, maxLength: 6000 }),
    fc.jsonValue({ maxDepth: 3 }),
  );
  /** Bodies near the real shapes (the interesting ones), plus arbitrary JSON and stray keys. */
  const bodyFor = (keys: string[]) =>
    fc.oneof(
      fc.record(Object.fromEntries(keys.map((k) => [k, anyValue])), { requiredKeys: [] }),
      fc
        .tuple(
          fc.record(Object.fromEntries(keys.map((k) => [k, anyValue])), { requiredKeys: [] }),
          fc.dictionary(fc.string({ maxLength: 10 }), anyValue, { maxKeys: 3 }),
        )
        .map(([a, b]) => ({ ...b, ...a })),
      fc.jsonValue({ maxDepth: 4 }),
    );

  const targets: Array<{ name: string; keys: string[]; send: (body: unknown) => Promise<ApiResponse> }> = [
    {
      name: 'POST /invitations',
      keys: ['email', 'role', 'teamIds', 'capacity'],
      send: (b) => admin.post('/invitations', b),
    },
    {
      name: 'PATCH /users/:id',
      keys: ['role', 'teamIds', 'email'],
      send: (b) => admin.patch(`/users/${acct.byRole.service.id}`, b),
    },
    {
      name: 'PUT /users/:id/capacity',
      keys: ['capacity'],
      send: (b) => admin.put(`/users/${acct.byRole.service.id}/capacity`, b),
    },
    { name: 'POST /teams', keys: ['name', 'memberIds'], send: (b) => admin.post('/teams', b) },
    { name: 'PATCH /teams/:id', keys: ['name'], send: (b) => admin.patch(`/teams/${teamId}`, b) },
    { name: 'PUT /teams/:id/members', keys: ['memberIds'], send: (b) => admin.put(`/teams/${teamId}/members`, b) },
    {
      name: 'POST /invitations/accept',
      keys: ['token', 'name', 'password'],
      send: (b) => api(stack.url).post('/invitations/accept', b),
    },
    {
      name: 'POST /auth/sign-in',
      keys: ['email', 'password', 'accountId'],
      send: (b) => api(stack.url).post('/auth/sign-in', b),
    },
  ];

  it.each(targets)('$name', async ({ keys, send }) => {
    await fc.assert(
      fc.asyncProperty(bodyFor(keys), async (body) => {
        const r = await send(body);
        expect(r.status, `${JSON.stringify(body)?.slice(0, 300)} → ${JSON.stringify(r.body)}`).toBeLessThan(500);
        if (r.status >= 400) expect(r.body.error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('GET /users and GET /audit with arbitrary query strings', async () => {
    const value = fc.oneof(
      nasty,
      fc.string({ maxLength: 30 }),
      fc.integer().map(String),
      fc.uuid(),
      fc.constantFrom(...ROLES, 'pending', 'active'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/users', '/audit'),
        fc.dictionary(
          fc.constantFrom(
            'page',
            'pageSize',
            'status',
            'role',
            'teamId',
            'q',
            'cursor',
            'limit',
            'action',
            'targetId',
            'x',
          ),
          value,
          { maxKeys: 4 },
        ),
        async (path, query) => {
          const r = await admin.get(`${path}?${new URLSearchParams(query).toString()}`);
          expect(r.status, `${path}?${new URLSearchParams(query).toString()} → ${JSON.stringify(r.body)}`).toBeLessThan(
            500,
          );
        },
      ),
      { numRuns: 80 },
    );
  });
});
