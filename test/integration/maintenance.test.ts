import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStack, type TestStack } from '../support/stack.js';
import { pruneEvents } from '../../worker/src/maintenance.js';

let stack: TestStack;
beforeAll(async () => {
  // No worker: its hourly prune schedule fires at start-up and would race the call under test.
  stack = await createStack({
    servers: 0,
    env: { EVENT_RETENTION_HOURS: '1', ROUTING_SNAPSHOT_RETENTION_DAYS: '2' },
  });
});
afterAll(() => stack?.close());

it('prunes socket events and routing snapshots past their retention, and keeps the rest', async () => {
  const conn = stack.orm.em.getConnection();
  const [{ id: accountId }] = await conn.execute(
    `insert into accounts (id, name, created_at) values (gen_random_uuid(), 'm', now()) returning id`,
  );
  for (const age of ['30 minutes', '3 hours']) {
    await conn.execute(
      `insert into realtime_events (account_id, type, payload, created_at) values (?, 'message.created', '{}', now() - ?::interval)`,
      [accountId, age],
    );
  }
  for (const age of ['1 day', '3 days']) {
    await conn.execute(
      `insert into routing_snapshots (id, account_id, created_at, agents) values (gen_random_uuid(), ?, now() - ?::interval, '[]')`,
      [accountId, age],
    );
  }
  expect(await pruneEvents(stack)).toEqual({ deleted: 1, snapshots: 1 });
  expect(await conn.execute(`select count(*)::int as n from realtime_events`)).toEqual([{ n: 1 }]);
  expect(await conn.execute(`select count(*)::int as n from routing_snapshots`)).toEqual([{ n: 1 }]);
});
