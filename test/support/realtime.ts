import { createServer, connect, type Server, type Socket } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AgentClient, type AgentClientOptions } from '@switchboard/client-sdk';
import type { ConversationSummary, EventEnvelope } from '@switchboard/client-sdk/contract';
import { DEMO, seedDemo } from '../../server/src/db/seed.js';
import { createSession } from '../../server/src/modules/auth/session.service.js';
import { pino } from 'pino';
import { insertRealtimeEvents } from '../../server/src/routing/claim.repository.js';
import type { NewRealtimeEvent, StoredRealtimeEvent } from '../../server/src/realtime/event-log.js';
import { RealtimePublisher, realtimeEmitter } from '../../server/src/realtime/publisher.js';
import { redisKeys } from '../../server/src/infra/keys.js';
import type { Role } from '../../server/src/db/entities/user.entity.js';
import { TEST_REDIS_URL, type TestStack } from './stack.js';
import { lockAccount } from '../../server/src/routing/account-lock.js';

export interface Person {
  userId: string;
  email: string;
  role: Role;
  token: string;
}

/** The demo account (all six roles) with a fresh full session per user, without paying for password hashing per sign-in. */
export async function seedPeople(
  stack: TestStack,
): Promise<{ accountId: string; people: Person[]; byEmail: (email: string) => Person }> {
  await seedDemo(stack.orm.em.fork());
  const em = stack.orm.em.fork();
  const rows = await em
    .getConnection()
    .execute<{ id: string; email: string; role: Role; account_id: string }[]>(
      'select id, email, role, account_id from users order by email',
    );
  const people: Person[] = [];
  for (const r of rows) {
    const s = await createSession(em, { id: r.id, accountId: r.account_id }, { stage: 'full', ttlHours: 1 });
    people.push({ userId: r.id, email: r.email, role: r.role, token: s.token });
  }
  return { accountId: rows[0].account_id, people, byEmail: (e) => people.find((p) => p.email === e)! };
}

export const demoEmail = (local: string) => (local === 'owner' ? DEMO.owner : `${local}@demo.switchboard.test`);

export function summary(accountId: string, over: Partial<ConversationSummary> = {}): ConversationSummary {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    channelId: randomUUID(),
    contactId: randomUUID(),
    contactName: 'Ann',
    contactPhone: '+15550001',
    contactOwnerId: null,
    teamId: null,
    priority: 0,
    status: 'assigned',
    assigneeId: null,
    queuedAt: now,
    createdAt: now,
    ...over,
  };
}

/** A durable event of one account, as a test builds it. */
export type NewEvent<T extends NewRealtimeEvent['type'] = NewRealtimeEvent['type']> = NewRealtimeEvent<T> & {
  accountId: string;
};

/** A `conversation.assigned` event as routing writes it: the assignee, and the contact owner, are its audience. */
export function assigned(
  accountId: string,
  assigneeId: string,
  opts: { contactOwnerId?: string | null } = {},
): NewEvent<'conversation.assigned'> {
  const conversation = summary(accountId, { assigneeId, contactOwnerId: opts.contactOwnerId ?? null });
  return {
    accountId,
    type: 'conversation.assigned',
    conversationId: conversation.id,
    audienceUserIds: [assigneeId, ...(opts.contactOwnerId ? [opts.contactOwnerId] : [])],
    audienceAll: true,
    payload: { conversation, assigneeId, previousAssigneeId: null, reason: 'auto', actorUserId: null },
  };
}

/**
 * Does what routing does with events, from outside any server node (like a worker): append them in a
 * transaction that holds the account's routing lock, commit, then publish through the Redis emitter.
 */
export function eventProducer(stack: TestStack) {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
  const publisher = new RealtimePublisher({
    target: realtimeEmitter(redis, redisKeys(stack.config.REDIS_PREFIX)),
    redis,
    keys: redisKeys(stack.config.REDIS_PREFIX),
    em: () => stack.orm.em.fork(),
    log: pino({ level: 'silent' }),
  });
  return {
    publisher,
    async commit(events: NewEvent[]): Promise<{ logged: StoredRealtimeEvent[]; committedAt: number }> {
      const em = stack.orm.em.fork();
      const logged = await em.transactional(async (tx) => {
        await lockAccount(tx, events[0].accountId);
        return insertRealtimeEvents(tx, events[0].accountId, events);
      });
      const committedAt = performance.now();
      publisher.publish(logged);
      return { logged, committedAt };
    },
    async close() {
      await publisher.close();
      redis.disconnect();
    },
  };
}

/** An AgentClient that records every durable event it delivers, in order. */
export async function recordingAgent(url: string, token: string, opts: Partial<AgentClientOptions> = {}) {
  const received: EventEnvelope[] = [];
  const at = new Map<string, number>();
  const client = new AgentClient({
    url,
    token,
    connectTimeoutMs: 10_000,
    socket: { reconnectionDelay: 100, reconnectionDelayMax: 500, randomizationFactor: 0 },
    ...opts,
  });
  const record = (e: EventEnvelope) => {
    received.push(e);
    at.set(e.id, performance.now());
  };
  for (const t of [
    'conversation.assigned',
    'conversation.unassigned',
    'conversation.transferred',
    'conversation.resolved',
    'conversation.reopened',
    'message.created',
  ] as const) {
    (client.on as (e: string, h: (env: EventEnvelope) => void) => void)(t, record);
  }
  await client.connect();
  return { client, received, at, ids: () => received.map((e) => e.id) };
}

export async function waitFor<T>(
  fn: () => T | Promise<T>,
  what: string | (() => string),
  timeoutMs = 5_000,
  everyMs = 10,
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/**
 * A load balancer in miniature: clients connect to one stable address and are forwarded to whichever node
 * is current, so a client "reconnects to the other node" the way it would behind a real balancer.
 */
export async function tcpProxy(targetPort: number) {
  let target = targetPort;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setTarget(p: number) {
      target = p;
    },
    /** Cuts every connection as a network drop would. */
    dropAll() {
      for (const s of open) s.destroy();
      open.clear();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A real server process (`server/src/main.ts`) on the test's database and Redis prefix. */
export async function spawnServer(
  env: Record<string, string>,
  port: number,
): Promise<{ url: string; port: number; proc: ChildProcess; kill(): Promise<void> }> {
  const proc = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', 'server/src/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), LOG_PRETTY: 'false' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d) => (stderr += String(d)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (proc.exitCode !== null) throw new Error(`server exited: ${stderr}`);
      try {
        return (await fetch(`${url}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    'server process to listen',
    20_000,
    100,
  );
  return {
    url,
    port,
    proc,
    kill: () =>
      new Promise<void>((r) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return r();
        proc.once('exit', () => r());
        proc.kill('SIGKILL');
      }),
  };
}
