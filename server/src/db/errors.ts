/**
 * PostgreSQL errors a service turns into a 409/404 with a precise message. MikroORM copies the driver's
 * fields (`code`, `constraint`) onto its own exception, so these work on both raw `pg` and ORM errors.
 */
interface PgLike {
  code?: string;
  constraint?: string;
}

const pg = (e: unknown): PgLike => (typeof e === 'object' && e !== null ? e : {});

export const isUniqueViolation = (e: unknown, constraint?: string) =>
  pg(e).code === '23505' && (constraint === undefined || pg(e).constraint === constraint);

export const isForeignKeyViolation = (e: unknown, constraint?: string) =>
  pg(e).code === '23503' && (constraint === undefined || pg(e).constraint === constraint);

/**
 * Values PostgreSQL cannot store or parse (NUL bytes, bad Unicode escapes in jsonb, malformed literals, too
 * long for the column): bad input that slipped past validation, so a 400 rather than a 500.
 */
export const isInvalidValue = (e: unknown) =>
  ['22021', '22P05', '22P02', '22001', '22003', '22007', '22008'].includes(pg(e).code ?? '');

/**
 * A deadlock, a serialization failure or a lock that could not be had: nothing was written (the transaction
 * rolled back) and the same request may simply be sent again.
 */
export const isTransientConflict = (e: unknown) => ['40P01', '40001', '55P03'].includes(pg(e).code ?? '');
