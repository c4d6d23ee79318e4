import { expect, it } from 'vitest';
import { createStack } from '../support/stack.js';
import { proveIsolation } from '../support/isolation.js';

it('file A sees only its own data', async () => {
  await proveIsolation('isolation-A', 'isolation-B');
});

it('two stacks in one file do not see each other either', async () => {
  const [a, b] = [await createStack({ servers: 0 }), await createStack({ servers: 0 })];
  try {
    expect(a.config.DATABASE_URL).not.toBe(b.config.DATABASE_URL);
    expect(a.config.REDIS_PREFIX).not.toBe(b.config.REDIS_PREFIX);
    await a.orm.em
      .getConnection()
      .execute(`insert into accounts (id, name, created_at) values (gen_random_uuid(), 'only-a', now())`);
    expect(await b.orm.em.getConnection().execute(`select count(*)::int as n from accounts`)).toEqual([{ n: 0 }]);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
