import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/postgresql';

/**
 * Runs a statement with real bind parameters inside the EntityManager's transaction. `em.execute` inlines
 * every parameter into the SQL text (escaping strings character by character), which made a 500-row
 * batch with its explanations cost seconds; bound parameters cost milliseconds. Use for the set-based
 * statements that carry one large JSON parameter.
 */
export async function boundQuery<T>(
  em: EntityManager,
  sql: string,
  params: unknown[],
): Promise<{ rows: T[]; rowCount: number }> {
  const knex: Knex = em.getTransactionContext<Knex.Transaction>() ?? em.getKnex();
  const res = await knex.raw<{ rows: T[]; rowCount: number | null }>(sql, params as Knex.RawBinding[]);
  return { rows: res.rows, rowCount: res.rowCount ?? 0 };
}
