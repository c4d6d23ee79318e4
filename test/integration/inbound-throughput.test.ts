import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createStack, type TestStack } from '../support/stack.js';
import { RoutingFixtures } from '../support/routing-fixtures.js';

/**
 * Inbound webhook throughput into ONE account (the worst case for the account lock, which every inbound
 * transaction takes for its final insert). Prints the rate (INBOUND_BENCH_SIZE, INBOUND_CONC); correctness is asserted, speed only reported.
 */
const TOTAL = Number(process.env.INBOUND_BENCH_SIZE ?? 1000);
const CONCURRENCY = Number(process.env.INBOUND_CONC ?? 64);
let stack: TestStack;
beforeAll(async () => {
  stack = await createStack({ servers: 1 });
});
afterAll(() => stack?.close());

describe('inbound throughput', () => {
  it(`accepts ${TOTAL} new conversations into one account`, async () => {
    const acc = await new RoutingFixtures(() => stack.orm.em.fork()).account();
    let next = 0;
    const t0 = performance.now();
    const statuses: number[] = [];
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < TOTAL) {
        const i = next++;
        const res = await fetch(`${stack.url}/v1/inbound/messages`, {
          method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': acc.apiKey },
          body: JSON.stringify({ channel: { phone: acc.channelPhone }, contact: { phone: `+3360000${i}`, name: `c${i}` }, text: 'hello', providerMessageId: randomUUID() }),
        });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
    }));
    const secs = (performance.now() - t0) / 1000;
    console.log(`inbound throughput: ${TOTAL} messages in ${secs.toFixed(2)} s = ${Math.round(TOTAL / secs)}/s (one server process, ${CONCURRENCY} concurrent clients)`);
    expect(statuses.every((s) => s === 201)).toBe(true);
    const [{ n }] = await stack.orm.em.fork().execute(`select count(*)::int as n from conversations where account_id = ?`, [acc.id]);
    expect(n).toBe(TOTAL);
  }, 120_000);
});
