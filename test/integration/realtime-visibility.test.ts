import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { type AgentClient, memoryCursorStore } from '@switchboard/client-sdk';
import { canSeeMenu, seesAllConversations } from '../../server/src/core/permissions.js';
import { createStack, type TestStack } from '../support/stack.js';
import {
  eventProducer,
  recordingAgent,
  seedPeople,
  sleep,
  summary,
  waitFor,
  type NewEvent,
  type Person,
} from '../support/realtime.js';

let stack: TestStack;
let accountId: string;
let people: Person[];
let producer: ReturnType<typeof eventProducer>;
const clients: AgentClient[] = [];

beforeAll(async () => {
  stack = await createStack({ servers: 2 });
  const seeded = await seedPeople(stack);
  accountId = seeded.accountId;
  people = seeded.people;
  producer = eventProducer(stack);
});
afterAll(async () => {
  for (const c of clients) c.close();
  await producer?.close();
  await stack?.close();
});

/** One random change, with the audience routing would give it: assignee, previous assignee, contact owner. */
function randomEvent(rnd: () => number): NewEvent {
  const pick = () => people[Math.floor(rnd() * people.length)];
  const sales = people.filter((p) => p.role === 'sale');
  const assignee = pick();
  const previous = rnd() < 0.4 ? pick() : null;
  const owner = rnd() < 0.3 ? sales[Math.floor(rnd() * sales.length)] : null;
  const conversation = summary(accountId, { assigneeId: assignee.userId, contactOwnerId: owner?.userId ?? null });
  const audienceUserIds = [
    ...new Set([assignee.userId, previous?.userId, owner?.userId].filter((x): x is string => !!x)),
  ];
  // A few events are for their audience only (e.g. a private note's notification): 'all' roles not included.
  const audienceAll = rnd() < 0.9;
  const base = { accountId, conversationId: conversation.id, audienceUserIds, audienceAll };
  const kind = Math.floor(rnd() * 3);
  if (kind === 0)
    return {
      ...base,
      type: 'conversation.assigned',
      payload: {
        conversation,
        assigneeId: assignee.userId,
        previousAssigneeId: previous?.userId ?? null,
        reason: 'auto',
        actorUserId: null,
      },
    };
  if (kind === 1)
    return {
      ...base,
      type: 'conversation.transferred',
      payload: {
        conversation,
        fromUserId: previous?.userId ?? null,
        toUserId: assignee.userId,
        toTeamId: null,
        actorUserId: previous?.userId ?? null,
      },
    };
  // A message concerns the current assignee and the contact owner, not a previous assignee.
  const current = [...new Set([assignee.userId, owner?.userId].filter((x): x is string => !!x))];
  return {
    ...base,
    audienceUserIds: current,
    type: 'message.created',
    payload: {
      conversation,
      message: { id: randomUUID(), direction: 'inbound', body: 'hi', createdAt: new Date().toISOString() },
    },
  };
}

describe('visibility', () => {
  it('all six roles, random workload: each user receives exactly what their role may see, live and on replay', async () => {
    const roles = new Set(people.map((p) => p.role));
    expect(roles).toEqual(new Set(['admin', 'operator', 'developer', 'inbox_manager', 'service', 'sale']));
    const live = await Promise.all(people.map((p, i) => recordingAgent(stack.servers[i % 2].url, p.token)));
    clients.push(...live.map((l) => l.client));
    const ephemeral = people.map(() => [] as string[]);
    live.forEach((l, i) => {
      for (const ev of ['agent.capacity', 'agent.load', 'agent.presence', 'queue.counts'] as const)
        l.client.on(
          ev,
          (payload: { userId?: string }) =>
            void ephemeral[i].push(ev === 'agent.capacity' ? `${ev}:${payload.userId}` : ev),
        );
    });

    // Seeded, so a failure replays with the same workload.
    let state = 42;
    const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const committed: NewEvent[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const batch = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomEvent(random));
      const { logged } = await producer.commit(batch);
      committed.push(...batch);
      ids.push(...logged.map((e) => e.id));
    }
    const owner = people.find((p) => p.role === 'admin' && p.email.startsWith('owner'))!;
    const capacityOf = people.find((p) => p.role === 'sale')!.userId;
    await live[people.indexOf(owner)].client.setCapacity(capacityOf, 2);
    // Real counts, from the database: only the roles that see every conversation may receive them.
    producer.publisher.queueChanged(accountId);

    const expectedFor = (p: Person) =>
      ids.filter((_id, i) => {
        const e = committed[i];
        return (e.audienceAll && seesAllConversations(p.role)) || e.audienceUserIds.includes(p.userId);
      });
    for (const [i, p] of people.entries()) {
      await waitFor(() => live[i].received.length >= expectedFor(p).length, `${p.email}'s events`);
    }
    await sleep(300);
    for (const [i, p] of people.entries()) {
      expect(live[i].ids(), p.email).toEqual(expectedFor(p));
      if (p.role === 'sale')
        expect(
          live[i].received.every((e) => JSON.stringify(e.payload).includes(p.userId)),
          p.email,
        ).toBe(true);
      // Agents' load, capacity and presence go to the load board's watchers (Admins, Inbox Managers).
      expect(
        ephemeral[i].some((e) => e.startsWith('agent.') && e !== `agent.capacity:${p.userId}`),
        `${p.email} load board events`,
      ).toBe(canSeeMenu(p.role, 'load_board'));
      // The agent whose capacity changed hears of it whatever their role: their own header shows it.
      expect(ephemeral[i].includes(`agent.capacity:${p.userId}`), `${p.email} own capacity`).toBe(
        p.userId === capacityOf,
      );
      expect(ephemeral[i].includes('queue.counts'), `${p.email} queue counts`).toBe(seesAllConversations(p.role));
    }

    // A replay from the start of the log gives each user the same set, in the same order.
    for (const p of people) {
      const r = await recordingAgent(stack.servers[1].url, p.token, { cursor: memoryCursorStore('0') });
      clients.push(r.client);
      await waitFor(() => r.received.length >= expectedFor(p).length, `${p.email}'s replay`);
      expect(r.ids(), `${p.email} replay`).toEqual(expectedFor(p));
      r.client.close();
    }
    console.log(
      `[realtime] visibility: ${ids.length} events, ${people.length} users, per-user counts ${people.map((p) => `${p.role}:${expectedFor(p).length}`).join(' ')}`,
    );
  });
});
