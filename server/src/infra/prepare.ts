import type { Config } from '../core/config.js';
import { ensureDatabase } from './services-check.js';
import { initOrm, migrate } from '../db/orm.js';
import { seedDemo } from '../db/seed.js';

/** Creates the database if needed, applies migrations, and seeds the demo account when asked. Idempotent. */
export async function prepareDatabase(config: Config, opts: { seed: boolean }) {
  const created = await ensureDatabase(config.DATABASE_URL);
  const orm = await initOrm(config.DATABASE_URL);
  try {
    const applied = await migrate(orm);
    const seeded = opts.seed ? await seedDemo(orm.em.fork()) : false;
    return { created, applied, seeded };
  } finally {
    await orm.close();
  }
}
