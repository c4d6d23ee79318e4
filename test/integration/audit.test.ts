import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStack, type TestStack } from '../support/stack.js';
import type { AuditPage } from '@switchboard/client-sdk';
import { api, signIn, type ApiResponse } from '../support/api.js';
import { PASSWORD, seedAccount, type SeededAccount } from '../support/accounts.js';

let stack: TestStack;
let acct: SeededAccount;
let admin: ReturnType<typeof api>;

beforeAll(async () => {
  stack = await createStack();
  acct = await seedAccount(stack.orm.em.fork(), 'Audit');
  admin = api(stack.url, await signIn(stack.url, acct.byRole.admin.email, PASSWORD));
});
afterAll(() => stack?.close());

describe('audit log', () => {
  it('pages newest first by cursor across ids of different lengths (9, 10, 11…)', async () => {
    // More events than ids of one digit, so an order on the id as text ("9" > "10") would show.
    const names = Array.from({ length: 14 }, (_, i) => `Shift ${i + 1}`);
    for (const name of names) expect((await admin.post('/teams', { name })).status).toBe(201);

    const seen: { id: string; label: string | null }[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: ApiResponse<AuditPage> = await admin.get(
        `/audit?action=team.created&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e) => ({ id: e.id, label: e.target.label })));
      cursor = page.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen.map((e) => e.label)).toEqual([...names].reverse());
    const ids = seen.map((e) => BigInt(e.id));
    expect(ids.every((id, i) => i === 0 || id < ids[i - 1])).toBe(true);
  });
});
