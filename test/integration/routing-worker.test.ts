import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job } from 'bullmq';
import { createStack, type TestStack } from '../support/stack.js';
import { RoutingFixtures } from '../support/routing-fixtures.js';
import { waitFor } from '../support/routing-drive.js';
import { routingFor, type Routing } from '../../server/src/routing/routing.module.js';
import { JOBS } from '../../server/src/infra/keys.js';

let stack: TestStack;
let routing: Routing;
const em = () => stack.orm.em.fork();
const sql = <T = any>(q: string, p: unknown[] = []) => em().execute<T[]>(q, p);

beforeAll(async () => {
  stack = await createStack({ servers: 1, workers: 1, env: { ROUTING_SWEEP_MS: '300' } });
  routing = routingFor(stack.servers[0].ctx);
});
afterAll(() => stack?.close());

describe('routing worker', () => {
  it('the periodic sweep routes a conversation whose trigger was lost', async () => {
    const fx = new RoutingFixtures(em);
    const acc = await fx.account();
    const [a] = await fx.users(acc.id, [{ capacity: 1 }]);
    await routing.presence.heartbeat(acc.id, a, 60_000);
    const [c] = await fx.conversations(acc.id, acc.channelId, [{}]); // no requestRouting: the trigger is "lost"
    expect(
      await waitFor(
        async () => (await sql(`select status from conversations where id = ?`, [c]))[0].status === 'assigned',
        5000,
        50,
      ),
    ).toBe(true);
  });

  it('a bad payload fails once, without retries', async () => {
    const job = await routing.queue.queue.add(
      JOBS.routeAccount,
      { accountId: 'not-a-uuid', reason: 'sweep' },
      { attempts: 5, backoff: { type: 'fixed', delay: 10 } },
    );
    expect(
      await waitFor(async () => (await Job.fromId(routing.queue.queue, job.id!))?.failedReason !== undefined, 5000, 50),
    ).toBe(true);
    const failed = (await Job.fromId(routing.queue.queue, job.id!))!;
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/invalid routing payload/);
  });

  it('a burst of triggers for one account coalesces into at most one waiting job', async () => {
    const fx = new RoutingFixtures(em);
    const acc = await fx.account();
    await stack.workers[0].close();
    stack.workers.length = 0;
    await Promise.all(Array.from({ length: 200 }, () => routing.queue.requestRouting(acc.id, 'new_conversation')));
    const counts = await routing.queue.queue.getJobCounts('waiting', 'prioritized', 'delayed');
    expect(counts.waiting + counts.prioritized + counts.delayed).toBe(1);
  });
});

describe('routing metrics', () => {
  it('the server exposes queue depth and load vs capacity', async () => {
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    expect(text).toContain('switchboard_routing_queue_depth');
    expect(text).toMatch(/switchboard_account_capacity\{account="[0-9a-f-]+"/);
    expect(text).toMatch(/switchboard_account_ongoing\{account="[0-9a-f-]+"/);
  });
});
