import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  AgentClient,
  SocketCallError,
  type AgentLoadUpdate,
  type EventEnvelope,
  type QueueCounts,
} from '@switchboard/client-sdk';
import { createSession } from '../../server/src/modules/auth/session.service.js';
import type { Role } from '../../server/src/db/entities/user.entity.js';
import { createStack, type TestStack } from '../support/stack.js';
import { RoutingFixtures } from '../support/routing-fixtures.js';
import { checkInvariants } from '../support/invariants.js';
import { routingFor } from '../../server/src/routing/routing.module.js';
import { percentile, sleep, waitFor } from '../support/realtime.js';

/**
 * The whole pipeline, nothing stubbed: inbound webhook (server) → routing job (worker) → claim, ledger and
 * event log in one transaction → Redis emitter → gateway → AgentClient. Latencies are reported, not
 * asserted (the machine is shared); delivery, order and capacity are asserted.
 */
const TOTAL = Number(process.env.E2E_CONVERSATIONS ?? 1000);
const AGENTS = 16;
const CAPACITY = 8;
const POSTERS = 16;
const COALESCE_MS = 50;

let stack: TestStack;
type Account = Awaited<ReturnType<RoutingFixtures['account']>>;
let acc: Account;
const clients: AgentClient[] = [];
const em = () => stack.orm.em.fork();
const sql = <T = any>(q: string, p: unknown[] = []) => em().execute<T[]>(q, p);
/** Wall-clock ms with sub-ms precision, comparable with PostgreSQL timestamps on this host. */
const wallMs = () => performance.timeOrigin + performance.now();

beforeAll(async () => {
  stack = await createStack({
    servers: 1,
    workers: 1,
    env: { REALTIME_COALESCE_MS: String(COALESCE_MS), PRESENCE_GRACE_MS: '2000' },
  });
  acc = await new RoutingFixtures(em).account();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await stack?.close();
});

async function people(specs: Array<{ role: Role; capacity: number | null }>, account = acc) {
  const ids = await new RoutingFixtures(em).users(account.id, specs);
  return Promise.all(
    ids.map(async (id, i) => {
      const s = await createSession(em(), { id, accountId: account.id }, { stage: 'full', ttlHours: 1 });
      return { id, token: s.token, role: specs[i].role };
    }),
  );
}

async function connect(token: string): Promise<AgentClient> {
  const c = new AgentClient({ url: stack.url, token, connectTimeoutMs: 10_000 });
  clients.push(c);
  await c.connect();
  return c;
}

async function present(userIds: string[], account = acc): Promise<void> {
  const key = `${stack.config.REDIS_PREFIX}:presence:${account.id}`;
  await waitFor(async () => {
    const scores = await stack.redis.zmscore(key, ...userIds);
    return scores.every((s) => s !== null && Number(s) > Date.now());
  }, 'agents present');
}

function post(i: number, account = acc) {
  return fetch(`${stack.url}/v1/inbound/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': account.apiKey },
    body: JSON.stringify({
      channel: { phone: account.channelPhone },
      contact: { phone: `+3370${String(i).padStart(6, '0')}`, name: `c${i}` },
      text: 'hello',
      providerMessageId: randomUUID(),
    }),
  });
}
describe('end to end', () => {
  it(`${TOTAL} inbound conversations reach their assignees through the worker, once, in order, within capacity`, async () => {
    const agents = await people(Array.from({ length: AGENTS }, () => ({ role: 'sale', capacity: CAPACITY })));
    // Observers that receive nothing automatically: an Admin (sees all, gets live state) and a Sale user.
    const [admin, sale] = await people([
      { role: 'admin', capacity: 0 },
      { role: 'sale', capacity: 0 },
    ]);

    const receivedAt = new Map<string, number>(); // conversationId → wall ms at the assignee's handler
    const receivedBy = new Map<string, string[]>(); // conversationId → agents whose handler saw it assigned to them
    const logOrder = new Map<string, string[]>(); // agent → durable event ids in handler order
    const overCapacity: string[] = [];
    const resolveErrors: unknown[] = [];
    const held = new Map<string, number>();
    for (const a of agents) {
      const client = await connect(a.token);
      held.set(a.id, 0);
      logOrder.set(a.id, []);
      const seen = (e: EventEnvelope) => void logOrder.get(a.id)!.push(e.id);
      client.on('conversation.resolved', seen);
      client.on('conversation.assigned', (e) => {
        const at = wallMs();
        seen(e);
        if (e.payload.assigneeId !== a.id) return;
        const id = e.payload.conversation.id;
        if (!receivedAt.has(id)) receivedAt.set(id, at);
        receivedBy.set(id, [...(receivedBy.get(id) ?? []), a.id]);
        // What this client holds can only be less than the server's ledger at the commit it saw.
        const n = held.get(a.id)! + 1;
        held.set(a.id, n);
        if (n > CAPACITY) overCapacity.push(`${a.id}: ${n}`);
        // The agent answers and resolves a moment later; the freed slot goes back to routing.
        setTimeout(() => {
          held.set(a.id, held.get(a.id)! - 1);
          client.resolve(id).catch((err: unknown) => void resolveErrors.push(err));
        }, 2);
      });
    }
    const adminClient = await connect(admin.token);
    const counts: QueueCounts[] = [];
    const loads: AgentLoadUpdate[] = [];
    let loadEvents = 0;
    adminClient.on('agent.load', () => void loadEvents++);
    adminClient.on('queue.counts', (c) => void counts.push(c));
    adminClient.on('agent.load', (b) => void loads.push(...b.agents));
    const saleClient = await connect(sale.token);
    let saleCounts = 0;
    saleClient.on('queue.counts', () => void saleCounts++);
    await present([...agents, admin, sale].map((p) => p.id));

    // The worker hands committed events to its publisher right after COMMIT returns: the exact "commit" instant.
    const publishedAt = new Map<string, number>();
    const workerPublisher = routingFor(stack.workers[0].ctx).publisher;
    const publish = workerPublisher.publish.bind(workerPublisher);
    workerPublisher.publish = (events) => {
      const at = wallMs();
      for (const e of events)
        if (e.type === 'conversation.assigned' && e.conversationId) publishedAt.set(e.conversationId, at);
      publish(events);
    };

    const sentAt = new Map<string, number>(); // conversationId → wall ms when its POST was sent
    const acceptedAt = new Map<string, number>();
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: POSTERS }, async () => {
        while (next < TOTAL) {
          const i = next++;
          const sent = wallMs();
          const res = await post(i);
          const body = (await res.json()) as { conversationId: string; conversationCreated: boolean };
          expect(res.status).toBe(201);
          expect(body.conversationCreated).toBe(true);
          sentAt.set(body.conversationId, sent);
          acceptedAt.set(body.conversationId, wallMs());
        }
      }),
    );
    const postedMs = performance.now() - t0;
    await waitFor(
      () => receivedAt.size >= TOTAL,
      () => `every conversation to reach its assignee (${receivedAt.size}/${TOTAL})`,
      60_000,
      20,
    );
    const deliveredMs = performance.now() - t0;
    await waitFor(
      async () => {
        const [{ n }] = await sql(
          `select count(*)::int as n from conversations where account_id = ? and status <> 'resolved'`,
          [acc.id],
        );
        return n === 0;
      },
      'every conversation resolved',
      30_000,
      50,
    );
    await sleep(4 * COALESCE_MS + 100); // the trailing live-state refreshes

    // Delivery: each conversation reached exactly its assignee, once.
    const assignees = new Map(
      (
        await sql<{ conversation_id: string; to_user_id: string }>(
          `select conversation_id, to_user_id from assignment_events where account_id = ? and kind = 'auto'`,
          [acc.id],
        )
      ).map((r) => [r.conversation_id, r.to_user_id]),
    );
    expect(assignees.size).toBe(TOTAL);
    const wrong = [...assignees].filter(([c, to]) => JSON.stringify(receivedBy.get(c)) !== JSON.stringify([to]));
    expect(wrong).toEqual([]);
    expect(resolveErrors).toEqual([]);
    expect(overCapacity).toEqual([]);

    // Order: every agent saw exactly its part of the log, in log order (replay may re-send; the SDK dedupes).
    const log = await sql<{ id: string; audience: string[] }>(
      `select id::text as id, audience_user_ids::text[] as audience from realtime_events
       where account_id = ? and type in ('conversation.assigned', 'conversation.resolved') order by realtime_events.id`,
      [acc.id],
    );
    for (const a of agents)
      expect(logOrder.get(a.id), a.id).toEqual(log.filter((e) => e.audience.includes(a.id)).map((e) => e.id));
    expect(await checkInvariants(em(), acc.id)).toEqual({
      ledgerMismatch: [],
      overCapacity: [],
      badStatus: [],
      ineligible: [],
    });

    // Live state: Admins saw the queue fill and drain, coalesced; every agent's last load is 0; Sale saw no counts.
    expect(saleCounts).toBe(0);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts[counts.length - 1]).toMatchObject({ unassigned: 0 });
    // Two processes change this queue (the server's inbound and resolves, the worker's batches), each at most once per interval.
    expect(counts.length).toBeLessThanOrEqual(2 * (Math.ceil((performance.now() - t0) / COALESCE_MS) + 2));
    const lastLoad = new Map(loads.map((l) => [l.userId, l.ongoing]));
    for (const a of agents) expect(lastLoad.get(a.id), `last agent.load of ${a.id}`).toBe(0);

    // Latency, reported: from the client's POST and from the server's 201; from the moment the worker's COMMIT
    // returned; and from the stamps in the database (now() is the transaction's start, so these include the
    // routing transaction itself, its wait for the account lock included).
    const stamps = await sql<{ conversation_id: string; assigned_ms: number; logged_ms: number }>(
      `select e.conversation_id, extract(epoch from e.created_at) * 1000 as assigned_ms, extract(epoch from r.created_at) * 1000 as logged_ms
       from assignment_events e join realtime_events r on r.conversation_id = e.conversation_id and r.type = 'conversation.assigned'
       where e.account_id = ? and e.kind = 'auto'`,
      [acc.id],
    );
    const from = (m: Map<string, number>) => [...receivedAt].map(([c, at]) => at - m.get(c)!);
    const fmt = (name: string, v: number[]) =>
      `${name}: p50 ${percentile(v, 50).toFixed(1)} ms, p95 ${percentile(v, 95).toFixed(1)} ms, p99 ${percentile(v, 99).toFixed(1)} ms, max ${Math.max(...v).toFixed(1)} ms`;
    console.log(
      [
        `[e2e] ${TOTAL} conversations, ${AGENTS} agents × capacity ${CAPACITY}, ${POSTERS} concurrent posters: posted in ${(postedMs / 1000).toFixed(2)} s, all delivered after ${(deliveredMs / 1000).toFixed(2)} s; ${counts.length} queue.counts and ${loadEvents} agent.load events (${loads.length} agent updates) to the admin`,
        fmt('  POST sent → SDK handler', from(sentAt)),
        fmt('  HTTP 201 → SDK handler', from(acceptedAt)),
        fmt('  worker COMMIT returned → SDK handler', from(publishedAt)),
        fmt(
          '  assignment_events.created_at → SDK handler',
          stamps.map((s) => receivedAt.get(s.conversation_id)! - Number(s.assigned_ms)),
        ),
        fmt(
          '  realtime_events.created_at → SDK handler',
          stamps.map((s) => receivedAt.get(s.conversation_id)! - Number(s.logged_ms)),
        ),
      ].join('\n'),
    );
  }, 120_000);

  it('resolve and transfer over the socket, with typed errors for what the caller may not do', async () => {
    // An account of its own: the agents of the test above are still connected to theirs.
    const own = await new RoutingFixtures(em).account();
    const [ann, bob, svc, admin] = await people(
      [
        { role: 'sale', capacity: 5 },
        { role: 'sale', capacity: 5 },
        { role: 'service', capacity: 0 },
        { role: 'admin', capacity: 0 },
      ],
      own,
    );
    const [nobodysTeam] = await new RoutingFixtures(em).teams(own.id, 1);
    const annC = await connect(ann.token);
    const bobC = await connect(bob.token);
    const svcC = await connect(svc.token);
    const adminC = await connect(admin.token);
    const counts: QueueCounts[] = [];
    const loads: AgentLoadUpdate[] = [];
    adminC.on('queue.counts', (c) => void counts.push(c));
    adminC.on('agent.load', (b) => void loads.push(...b.agents));
    const lastLoadOf = (userId: string) => loads.filter((l) => l.userId === userId).at(-1)?.ongoing;
    // Only Ann takes work: Bob pauses so routing skips him.
    await bobC.pause();
    const annGot: EventEnvelope[] = [];
    const bobGot: EventEnvelope[] = [];
    annC.on('conversation.assigned', (e) => void annGot.push(e));
    annC.on('conversation.transferred', (e) => void annGot.push(e));
    bobC.on('conversation.transferred', (e) => void bobGot.push(e));
    await present([ann.id], own);

    const res = await post(0, own);
    const { conversationId } = (await res.json()) as { conversationId: string };
    await waitFor(
      () =>
        annGot.find(
          (e) =>
            e.type === 'conversation.assigned' &&
            (e.payload as { assigneeId: string }).assigneeId === ann.id &&
            (e.payload as { conversation: { id: string } }).conversation.id === conversationId,
        ),
      'Ann receives the conversation',
    );

    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: unknown) => (e instanceof SocketCallError ? e.code : String(e)),
      );
    // Bob (Sale) cannot see Ann's conversation: it does not exist for him.
    expect(await code(bobC.resolve(conversationId))).toBe('not_found');
    // Service sees it but is neither its assignee nor an assigner.
    expect(await code(svcC.transfer({ conversationId, toUserId: bob.id }))).toBe('forbidden');
    expect(await code(annC.transfer({ conversationId, toUserId: bob.id, toTeamId: randomUUID() } as never))).toBe(
      'validation_failed',
    );
    expect(await code(annC.transfer({ conversationId, toTeamId: randomUUID() }))).toBe('not_found');
    expect(await code(annC.resolve('not-a-uuid'))).toBe('validation_failed');

    const moved = await annC.transfer({ conversationId, toUserId: bob.id });
    expect(moved).toMatchObject({ id: conversationId, assigneeId: bob.id, status: 'assigned' });
    await waitFor(
      () => bobGot.length === 1 && annGot.some((e) => e.type === 'conversation.transferred'),
      'both sides learn of the transfer',
    );
    expect(bobGot[0].payload).toMatchObject({ fromUserId: ann.id, toUserId: bob.id, actorUserId: ann.id });
    // Ann no longer sees it.
    expect(await code(annC.resolve(conversationId))).toBe('not_found');
    await waitFor(
      () => lastLoadOf(bob.id) === 1 && lastLoadOf(ann.id) === 0,
      'admin sees the load move from Ann to Bob',
    );

    // Bob hands it to a team nobody serves: it waits in Unassigned, and the admin's counts say where.
    expect(await bobC.transfer({ conversationId, toTeamId: nobodysTeam })).toMatchObject({
      status: 'unassigned',
      teamId: nobodysTeam,
    });
    await waitFor(
      () => counts.at(-1)?.byTeam[nobodysTeam] === 1 && lastLoadOf(bob.id) === 0,
      'counts and load after the transfer to a team',
    );
    expect(await code(bobC.resolve(conversationId))).toBe('not_found');
    expect(await adminC.resolve(conversationId)).toMatchObject({ id: conversationId, status: 'resolved' });
    await waitFor(() => counts.at(-1)?.unassigned === 0, 'counts after resolving from Unassigned');
    expect(await code(adminC.resolve(conversationId))).toBe('conflict');
    expect(await checkInvariants(em(), own.id)).toEqual({
      ledgerMismatch: [],
      overCapacity: [],
      badStatus: [],
      ineligible: [],
    });
  });
});
