import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStack, type TestStack } from '../support/stack.js';
import { createTestDatabase } from '../support/databases.js';
import { initOrm, migrate } from '../../server/src/db/orm.js';
import { migrationsList } from '../../server/src/db/migrations/index.js';
import { DEMO, seedDemo } from '../../server/src/db/seed.js';
import { inject } from 'vitest';

let stack: TestStack;
beforeAll(async () => {
  stack = await createStack();
});
afterAll(() => stack?.close());

describe('health, metrics and errors', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`${stack.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${stack.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      ready: true,
      checks: { postgres: { ok: true }, redis: { ok: true }, migrations: { ok: true } },
    });
  });

  it('exposes Prometheus metrics', async () => {
    const res = await fetch(`${stack.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toContain('switchboard_http_requests_total');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('serves an OpenAPI 3 document', async () => {
    const doc = await (await fetch(`${stack.url}/openapi.json`)).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/healthz'].get.responses['200']).toBeDefined();
  });

  it('answers unknown routes and malformed JSON with the one error shape', async () => {
    const missing = await fetch(`${stack.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /nope' } });
    const bad = await fetch(`${stack.url}/healthz`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('validation_failed');
  });
});

describe('migrations', () => {
  it('create the schema from an empty database, and a second run is a no-op', async () => {
    const db = await createTestDatabase('template0');
    const orm = await initOrm(db.url);
    try {
      expect(await migrate(orm)).toEqual(migrationsList.map((m) => m.name));
      expect(await migrate(orm)).toEqual([]);
      const tables = await orm.em
        .getConnection()
        .execute<{ table_name: string }[]>(
          `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
        );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining([
          'accounts',
          'users',
          'teams',
          'team_members',
          'channels',
          'contacts',
          'conversations',
          'messages',
          'assignment_events',
          'audit_events',
          'invitations',
          'sessions',
          'recovery_codes',
          'api_keys',
          'agent_loads',
          'realtime_events',
        ]),
      );
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });

  it('the entities declare nothing the migrations lack', async () => {
    // The migrations add constraints the entities cannot express (partial indexes, checks); the schema
    // differ proposes dropping those, and nothing else.
    const diff = await stack.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: false });
    const statements = diff
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) expect(s).toMatch(/^(drop index "|alter table "\w+" drop constraint )/);
  });
});

describe('constraints in the database', () => {
  const sql = (q: string, p: unknown[] = []) => stack.orm.em.getConnection().execute(q, p);
  let accountId: string;
  let otherAccountId: string;
  beforeAll(async () => {
    [{ id: accountId }] = await sql(
      `insert into accounts (id, name, created_at) values (gen_random_uuid(), 'c1', now()) returning id`,
    );
    [{ id: otherAccountId }] = await sql(
      `insert into accounts (id, name, created_at) values (gen_random_uuid(), 'c2', now()) returning id`,
    );
  });
  const addUser = (account: string, email: string) =>
    sql(
      `insert into users (id, account_id, email, role, created_at) values (gen_random_uuid(), ?, ?, 'admin', now()) returning id`,
      [account, email],
    ).then((r) => r[0].id as string);

  it('email is unique per account, not across accounts', async () => {
    await addUser(accountId, 'same@x.test');
    await expect(addUser(accountId, 'same@x.test')).rejects.toThrow(/users_account_email_unique/);
    await expect(addUser(otherAccountId, 'same@x.test')).resolves.toBeTypeOf('string');
  });

  it('the owner is one column and must be a user of the same account', async () => {
    const foreign = await addUser(otherAccountId, 'foreign@x.test');
    await expect(sql(`update accounts set owner_id = ? where id = ?`, [foreign, accountId])).rejects.toThrow(
      /accounts_owner_same_account/,
    );
    const own = await addUser(accountId, 'own@x.test');
    await sql(`update accounts set owner_id = ? where id = ?`, [own, accountId]);
    await expect(sql(`delete from users where id = ?`, [own])).rejects.toThrow(/owner/);
  });

  it('team names are unique per account, ignoring case', async () => {
    await sql(`insert into teams (id, account_id, name, created_at) values (gen_random_uuid(), ?, 'Support', now())`, [
      accountId,
    ]);
    await expect(
      sql(`insert into teams (id, account_id, name, created_at) values (gen_random_uuid(), ?, 'support', now())`, [
        accountId,
      ]),
    ).rejects.toThrow(/unique/);
  });

  it('capacity cannot be negative', async () => {
    await expect(
      sql(
        `insert into users (id, account_id, email, role, capacity, created_at) values (gen_random_uuid(), ?, 'neg@x.test', 'sale', -1, now())`,
        [accountId],
      ),
    ).rejects.toThrow(/users_capacity_non_negative/);
  });
});

describe('demo seed', () => {
  it('seeds once, with every role, two teams and a channel', async () => {
    const db = await createTestDatabase(inject('templateDatabase'));
    const orm = await initOrm(db.url);
    try {
      expect(await seedDemo(orm.em.fork())).toBe(true);
      expect(await seedDemo(orm.em.fork())).toBe(false);
      const conn = orm.em.getConnection();
      const roles = await conn.execute<{ role: string }[]>(`select distinct role from users order by 1`);
      expect(roles.map((r) => r.role)).toEqual(['admin', 'developer', 'inbox_manager', 'operator', 'sale', 'service']);
      const [owner] = await conn.execute(`select u.email from accounts a join users u on u.id = a.owner_id`);
      expect(owner.email).toBe(DEMO.owner);
      expect(await conn.execute(`select count(*)::int as n from teams`)).toEqual([{ n: 2 }]);
      expect(await conn.execute(`select count(*)::int as n from channels`)).toEqual([{ n: 1 }]);
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});
