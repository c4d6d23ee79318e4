import { expect } from 'vitest';
import { createStack } from './stack.js';

/**
 * Shared body of the two isolation test files: each writes a marker to its own database and Redis
 * prefix, then proves it sees none of the other file's markers, whichever runs first or alongside.
 */
export async function proveIsolation(mine: string, theirs: string) {
  const stack = await createStack({ servers: 0 });
  try {
    const conn = stack.orm.em.getConnection();
    await conn.execute(`insert into accounts (id, name, created_at) values (gen_random_uuid(), ?, now())`, [mine]);
    await stack.redis.set(`${stack.config.REDIS_PREFIX}:marker`, mine);
    // Give a concurrently running sibling file time to write its own markers.
    await new Promise((r) => setTimeout(r, 300));
    const rows = await conn.execute<{ name: string }[]>(`select name from accounts`);
    expect(rows.map((r) => r.name)).toEqual([mine]);
    expect(await stack.redis.get(`${stack.config.REDIS_PREFIX}:marker`)).toBe(mine);
    const db = stack.config.DATABASE_URL;
    expect(rows.some((r) => r.name === theirs)).toBe(false);
    return { db, prefix: stack.config.REDIS_PREFIX };
  } finally {
    await stack.close();
  }
}
