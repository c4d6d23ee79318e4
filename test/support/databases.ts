import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { initOrm, migrate } from '../../server/src/db/orm.js';
import { migrationsList } from '../../server/src/db/migrations/index.js';

/** The server the tests use: TEST_DATABASE_URL, else the local PostgreSQL. Only the host part matters. */
export const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates (once per set of migrations) a migrated template database. Its name carries a hash of the
 * migration list, so checkouts with different schemas never share one; an advisory lock makes
 * concurrent runs wait for each other instead of racing.
 */
export async function prepareTemplate(): Promise<string> {
  const hash = createHash('sha256')
    .update(migrationsList.map((m) => m.name).join(','))
    .digest('hex')
    .slice(0, 12);
  const name = `sb_test_tpl_${hash}`;
  await admin(async (c) => {
    await c.query('select pg_advisory_lock(727001)');
    try {
      const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [name]);
      if (rowCount) return;
      const building = `${name}_building`;
      await c.query(`drop database if exists "${building}" with (force)`);
      await c.query(`create database "${building}"`);
      const orm = await initOrm(databaseUrl(building));
      await migrate(orm);
      await orm.close(true);
      await c.query(`alter database "${building}" rename to "${name}"`);
    } finally {
      await c.query('select pg_advisory_unlock(727001)');
    }
  });
  return name;
}

/** A fresh database for one test file, cloned from the migrated template (a few hundred ms). */
export async function createTestDatabase(
  template: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `sb_test_${randomBytes(6).toString('hex')}`;
  await admin(async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`create database "${name}" template "${template}"`);
        return;
      } catch (e) {
        // Another file cloning the same template at this instant: wait and retry.
        if ((e as { code?: string }).code !== '55006' || attempt > 50) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  return {
    name,
    url: databaseUrl(name),
    drop: () => admin(async (c) => void (await c.query(`drop database if exists "${name}" with (force)`))),
  };
}
