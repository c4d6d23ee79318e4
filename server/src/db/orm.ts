import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './orm.config.js';

export type Orm = MikroORM;

export async function initOrm(databaseUrl: string): Promise<Orm> {
  return MikroORM.init(ormConfig(databaseUrl));
}

/** Applies pending migrations; returns the names applied (empty on a second run). */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
