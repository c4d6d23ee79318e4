import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createStack, type TestStack } from '../support/stack.js';
import { RoutingFixtures } from '../support/routing-fixtures.js';
import { InboundService, type InboundMessage } from '../../server/src/modules/inbound/inbound.service.js';
import { statusOf } from '../../server/src/http/errors.js';
import type { DomainError } from '../../server/src/core/errors.js';

// Services throw domain errors without a status; the REST status they answer with is the one statusOf gives.
const httpStatus = (r: PromiseSettledResult<unknown>) =>
  r.status === 'rejected' ? statusOf(r.reason as DomainError) : null;

let stack: TestStack;
const em = () => stack.orm.em.fork();
const sql = <T = any>(q: string, p: unknown[] = []) => em().execute<T[]>(q, p);
beforeAll(async () => {
  stack = await createStack({ servers: 0 });
});
afterAll(() => stack?.close());

describe('inbound batches', () => {
  it('within one transaction: retries answer as duplicates, one contact opens one conversation, a bad item fails alone', async () => {
    const acc = await new RoutingFixtures(em).account();
    const routed: string[] = [];
    const published: string[] = [];
    const service = new InboundService({
      em,
      maxInFlight: 1,
      publish: (e) => published.push(...e.map((x) => x.type)),
      requestRouting: async (a) => void routed.push(a),
    });
    const msg = (over: Partial<InboundMessage>): InboundMessage => ({
      channel: { phone: acc.channelPhone },
      contact: { phone: '+331111', name: 'A' },
      text: 't',
      providerMessageId: randomUUID(),
      priority: 0,
      ...over,
    });
    const same = msg({ providerMessageId: 'p-1' });
    const inputs = [
      msg({}), // goes alone: the batch below queues behind it
      same,
      same,
      same,
      msg({ contact: { phone: '+332222', name: 'B' } }),
      msg({ contact: { phone: '+332222', name: 'B2' } }),
      msg({ channel: { phone: '+10000000' } }),
      msg({ teamId: randomUUID() }),
    ];
    const results = await Promise.allSettled(inputs.map((i) => service.receive(acc.id, i)));
    const ok = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
    expect(ok[1]).toMatchObject({ duplicate: false });
    expect(ok[2]).toMatchObject({ duplicate: true, messageId: ok[1]!.messageId });
    expect(ok[3]).toMatchObject({ duplicate: true, messageId: ok[1]!.messageId });
    expect(ok[4]!.conversationId).toBe(ok[5]!.conversationId);
    expect([ok[4]!.conversationCreated, ok[5]!.conversationCreated]).toEqual([true, false]);
    expect(httpStatus(results[6])).toBe(404);
    expect(httpStatus(results[7])).toBe(422);
    expect(ok[0]!.conversationId).toBe(ok[1]!.conversationId); // same contact, same channel
    const [{ n: messages }] = await sql(`select count(*)::int as n from messages where account_id = ?`, [acc.id]);
    const [{ n: conversations }] = await sql(`select count(*)::int as n from conversations where account_id = ?`, [
      acc.id,
    ]);
    const [{ name }] = await sql(`select name from contacts where account_id = ? and phone_number = '+332222'`, [
      acc.id,
    ]);
    expect([messages, conversations, name]).toEqual([4, 2, 'B2']);
    expect(published).toEqual(Array(4).fill('message.created'));
    const ids = await sql(`select id from realtime_events where account_id = ? order by id`, [acc.id]);
    expect(ids).toHaveLength(4);
    expect(routed.length).toBeGreaterThan(0);
    // A retry after the fact is a duplicate and creates nothing, even once the conversation is resolved.
    await sql(`update conversations set status = 'resolved' where account_id = ?`, [acc.id]);
    expect(await service.receive(acc.id, same)).toMatchObject({ duplicate: true, messageId: ok[1]!.messageId });
    expect((await sql(`select count(*)::int as n from conversations where account_id = ?`, [acc.id]))[0].n).toBe(2);
  });

  it('refuses a message whose API key was revoked after the middleware (cached) accepted it', async () => {
    const acc = await new RoutingFixtures(em).account();
    const [key] = await sql(`select id from api_keys where account_id = ?`, [acc.id]);
    const service = new InboundService({ em, publish: () => {}, requestRouting: async () => {} });
    const msg = (pmid: string): InboundMessage => ({
      channel: { phone: acc.channelPhone },
      contact: { phone: '+334444', name: '' },
      text: 't',
      providerMessageId: pmid,
      priority: 0,
    });
    expect(await service.receive(acc.id, msg('k-1'), { apiKeyId: key.id })).toMatchObject({ duplicate: false });
    await sql(`update api_keys set revoked_at = now() where id = ?`, [key.id]);
    expect(httpStatus((await Promise.allSettled([service.receive(acc.id, msg('k-2'), { apiKeyId: key.id })]))[0])).toBe(
      401,
    );
    expect((await sql(`select count(*)::int as n from messages where account_id = ?`, [acc.id]))[0].n).toBe(1);
  });
});
