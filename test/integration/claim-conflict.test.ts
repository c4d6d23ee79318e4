import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@switchboard/client-sdk/contract';
import { createStack, type TestStack } from '../support/stack.js';
import { api, signIn } from '../support/api.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';
import { RoutingFixtures } from '../support/routing-fixtures.js';

/**
 * The claim's row-count guards sit behind the account lock, so a real race cannot reach them from REST.
 * A trigger in this file's own database makes the database refuse the write the snapshot allowed, which is
 * exactly what the guards exist for: the caller must get the contract's 409 `conflict`, not a 500.
 */
let stack: TestStack;
let acc: SeededAccount;
let token: string;
let channel: string;
const em = () => stack.orm.em.fork();
const sql = <T = any>(q: string, p: unknown[] = []) => em().execute<T[]>(q, p);

beforeAll(async () => {
  stack = await createStack({ servers: 1 });
  acc = await seedAccount(em(), 'ClaimConflict');
  token = await signIn(stack.url, acc.byRole.service.email, PASSWORD);
  [{ id: channel }] = await sql(
    `insert into channels (id, account_id, name, phone_number, created_at) values (gen_random_uuid(), ?, 'wa', '+15550009', now()) returning id`,
    [acc.id],
  );
  await sql(`create function test_skip_row() returns trigger language plpgsql as $$ begin return null; end $$`);
});
afterAll(() => stack?.close());

describe('a claim the database refuses', () => {
  it('answers 409 conflict when the conversation row does not move, and leaves it Unassigned', async () => {
    const [id] = await new RoutingFixtures(em).conversations(acc.id, channel, [{}]);
    await sql(`create trigger test_skip_conversation before update on conversations for each row
               when (old.id = '${id}') execute function test_skip_row()`);
    try {
      const res = await api(stack.url, token).post(`/conversations/${id}/pick`);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('conflict');
      expect(ERROR_CODES).toContain(res.body.error.code);
    } finally {
      await sql(`drop trigger test_skip_conversation on conversations`);
    }
    const [row] = await sql(`select status, assignee_id from conversations where id = ?`, [id]);
    expect(row).toEqual({ status: 'unassigned', assignee_id: null });
  });

  it('answers 409 conflict when the capacity ledger does not move, and nothing is assigned', async () => {
    const [id] = await new RoutingFixtures(em).conversations(acc.id, channel, [{}]);
    const svc = acc.byRole.service.id;
    await sql(`create trigger test_skip_load before update on agent_loads for each row
               when (old.user_id = '${svc}') execute function test_skip_row()`);
    try {
      const res = await api(stack.url, token).post(`/conversations/${id}/pick`);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('conflict');
    } finally {
      await sql(`drop trigger test_skip_load on agent_loads`);
    }
    const [row] = await sql(`select status, assignee_id from conversations where id = ?`, [id]);
    expect(row).toEqual({ status: 'unassigned', assignee_id: null });
  });
});
