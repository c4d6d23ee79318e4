import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type {
  AgentLoadUpdate,
  DurableEventType,
  EphemeralEventPayloads,
  EphemeralEventType,
  EventEnvelope,
} from '@switchboard/client-sdk/contract';
import type { RedisKeys } from '../infra/keys.js';
import type { StoredRealtimeEvent } from './event-log.js';
import { Coalescer } from './coalescer.js';
import { liveStateMoved } from './live-state.js';
import { queueCounts } from './queue-counts.js';
import { rooms, roomsForAudience } from './rooms.js';

/**
 * Anything that emits to rooms across every node: the Redis emitter, or a gateway's `io` in a test. Both go
 * through the adapter's channel, so the choice never changes who receives what.
 */
export interface RealtimeTarget {
  to(room: string | string[]): { emit(...frame: RealtimeFrame): unknown };
}

/**
 * What goes out to rooms, a union keyed by event name: a durable event carries its own envelope, a live-state
 * event its own payload, so no event can leave with another's shape.
 */
type RealtimeFrame =
  | { [K in DurableEventType]: [event: K, envelope: EventEnvelope<K>] }[DurableEventType]
  | { [K in EphemeralEventType]: [event: K, payload: EphemeralEventPayloads[K]] }[EphemeralEventType];

const emitters = new WeakMap<Redis, Emitter>();

/**
 * An emitter on an existing connection (it only PUBLISHes). The key must be the gateway adapter's key: the
 * pub/sub adapter and this emitter speak the same protocol; the streams adapter does not.
 */
export function realtimeEmitter(
  redis: Redis,
  keys: RedisKeys,
  onPublishError: (err: unknown) => void = () => {},
): RealtimeTarget {
  let e = emitters.get(redis);
  if (!e) {
    // The emitter PUBLISHes and drops the promise: during a Redis outage that promise rejects with nobody to
    // catch it and the process ends. A lost PUBLISH loses nothing durable (sockets replay from the event log
    // on reconnect), so it is reported, never fatal.
    const client = {
      publish: (channel: string, message: string | Buffer) => redis.publish(channel, message).catch(onPublishError),
    };
    e = new Emitter(client, { key: keys.socketIoPrefix });
    emitters.set(redis, e);
  }
  return e;
}

type LoadBoardEvent = Exclude<EphemeralEventType, 'queue.counts'>;

interface TailRow {
  id: string;
  type: DurableEventType;
  payload: unknown;
  created_at: Date;
  audience_user_ids: string[];
  audience_all: boolean;
  admin_only: boolean;
}
const TAIL_PAGE = 1000;
/** KEYS[1] the lock, ARGV[1] our token: delete only a lock we still hold. */
const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface PublisherDeps {
  target: RealtimeTarget;
  /** The connection the target emits on: the fan-out lock must be taken on the same one (see fanOut). */
  redis: Redis;
  keys: RedisKeys;
  em: () => EntityManager;
  log: Logger;
  /**
   * Live state (queue counts, agent load) is sent at most once per this interval per account and process:
   * a routing batch of 500 assignments is one counts query and one round of load events, not 500.
   * @default 50
   */
  coalesceMs?: number;
}

/**
 * The one way out to sockets, used by workers, REST handlers and the gateway alike. Durable events are
 * emitted after their transaction committed; from them the publisher also learns which live state moved
 * (the Unassigned queue, agents' ongoing counts) and refreshes it for the audiences allowed to see it, so
 * no caller can change a conversation and forget the counts.
 *
 * Everything here is best effort: durable events are in `realtime_events` and a client that missed one
 * replays it (I6, docs/invariants.md); live state is re-read from PostgreSQL on the next change. A Redis or query
 * failure is logged and never fails the caller, whose change is already committed.
 */
export class RealtimePublisher {
  private readonly counts: Coalescer<string>;
  private readonly loads: Coalescer<string>;
  /** accountId → agents whose ongoing count moved since the last load flush. */
  private readonly dirtyAgents = new Map<string, Set<string>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: PublisherDeps) {
    const ms = deps.coalesceMs ?? 50;
    const onError = (what: string) => (err: unknown, accountId: string) =>
      deps.log.warn({ err, accountId }, `realtime: ${what} refresh failed`);
    this.counts = new Coalescer(ms, (a) => this.flushCounts(a), onError('queue counts'));
    this.loads = new Coalescer(ms, (a) => this.flushLoads(a), onError('agent load'));
  }

  /** Emits committed log events to their audience's rooms, in log order. Call only after the transaction commits. */
  publish(events: readonly StoredRealtimeEvent[]): void {
    const span = new Map<string, { min: bigint; max: bigint }>();
    for (const e of events) {
      const id = BigInt(e.id);
      const s = span.get(e.accountId);
      if (!s) span.set(e.accountId, { min: id, max: id });
      else if (id < s.min) s.min = id;
      else if (id > s.max) s.max = id;
      const moved = liveStateMoved(e);
      if (moved.queue) this.queueChanged(e.accountId);
      if (moved.agents.length) this.loadsChanged(e.accountId, moved.agents);
    }
    for (const [accountId, { min, max }] of span) {
      const done = this.fanOut(accountId, min, max).catch((err) =>
        this.deps.log.warn({ err, accountId }, 'socket fan-out failed; clients replay the events on reconnect'),
      );
      this.inFlight.add(done);
      void done.finally(() => this.inFlight.delete(done));
    }
  }

  /**
   * Fans out an account's log tail, up to at least `max`, in id order. Commits of an account are serialised by
   * its lock, so ids are committed in order; but two processes publishing after their commits (a worker's
   * assignment, a server's resolve) could reach Redis in the other order, and an agent would see 1757 before
   * 1750. So one process at a time, holding a Redis lock, emits everything committed after the account's
   * published-through mark, read back from the log. The lock and the PUBLISHes use the same connection, so
   * Redis relays the next holder's events after this one's. Our own events are always in that tail: they
   * committed before we got here.
   */
  private async fanOut(accountId: string, min: bigint, max: bigint): Promise<void> {
    const { redis, keys } = this.deps;
    const lockKey = keys.publishLock(accountId);
    const markKey = keys.publishedThrough(accountId);
    const token = randomUUID();
    const deadline = Date.now() + 5_000;
    while ((await redis.set(lockKey, token, 'PX', 2_000, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new Error('timed out waiting for the fan-out lock');
      await sleep(1);
    }
    try {
      const mark = await redis.get(markKey);
      let after = mark === null ? await this.settledBefore(accountId, min) : BigInt(mark);
      while (after < max) {
        const rows = await this.deps
          .em()
          .getConnection()
          .execute<TailRow[]>(
            `select id::text as id, type, payload, created_at, audience_user_ids, audience_all, admin_only
             from realtime_events where account_id = ? and id > ? order by realtime_events.id limit ?`,
            [accountId, after.toString(), TAIL_PAGE],
          );
        if (!rows.length) break; // our events were published by another process meanwhile
        for (const r of rows) {
          const to = roomsForAudience({
            accountId,
            audienceUserIds: r.audience_user_ids,
            audienceAll: r.audience_all,
            adminOnly: r.admin_only,
          });
          // An empty room list would broadcast to every socket of every account.
          if (!to.length) continue;
          const envelope = { id: r.id, type: r.type, at: new Date(r.created_at).toISOString(), payload: r.payload };
          // The log row's payload was written for its type (NewRealtimeEvent), so the pair is a valid frame.
          this.emit(to, ...([r.type, envelope] as RealtimeFrame));
        }
        after = BigInt(rows[rows.length - 1].id);
        await redis.set(markKey, after.toString(), 'EX', 86_400);
      }
    } finally {
      await redis.eval(RELEASE_LOCK, 1, lockKey, token);
    }
  }

  /** The load board's live state (load, presence, capacity) for those who watch it: not logged, never replayed. */
  toLoadBoard<E extends LoadBoardEvent>(accountId: string, event: E, payload: EphemeralEventPayloads[E]): void {
    this.emit(rooms.accountLoadBoard(accountId), ...([event, payload] as RealtimeFrame));
  }

  /** A capacity change reaches the board's watchers and the agent it concerns (their header shows "3 / 5"). */
  capacityChanged(accountId: string, update: EphemeralEventPayloads['agent.capacity']): void {
    this.emit([rooms.accountLoadBoard(accountId), rooms.user(update.userId)], 'agent.capacity', update);
  }

  /**
   * The account's Unassigned queue changed outside a durable event (or the caller wants to be explicit):
   * counts follow within the coalescing interval.
   */
  queueChanged(accountId: string): void {
    this.counts.mark(accountId);
  }

  /** These agents' ongoing counts changed: admins get one `agent.load` listing them within the coalescing interval. */
  loadsChanged(accountId: string, userIds: Iterable<string>): void {
    let set = this.dirtyAgents.get(accountId);
    if (!set) this.dirtyAgents.set(accountId, (set = new Set()));
    for (const id of userIds) set.add(id);
    this.loads.mark(accountId);
  }

  /**
   * Without a mark (the account's first fan-out, or the mark expired after a day of silence), start after the
   * newest event committed well before ours: anything that old was fanned out long ago, anything newer may
   * still be waiting for its publisher.
   */
  private async settledBefore(accountId: string, min: bigint): Promise<bigint> {
    const rows = await this.deps
      .em()
      .getConnection()
      .execute<{ id: string | null }[]>(
        `select max(id)::text as id from realtime_events
        where account_id = ? and id < ? and created_at < now() - interval '30 seconds'`,
        [accountId, min.toString()],
      );
    return BigInt(rows[0]?.id ?? 0);
  }

  /** Stops the live-state timers and waits for refreshes and fan-outs in flight; call before the ORM closes. */
  async close(): Promise<void> {
    await Promise.all([this.counts.close(), this.loads.close(), ...this.inFlight]);
    this.dirtyAgents.clear();
  }

  private emit(to: string | string[], ...frame: RealtimeFrame): void {
    try {
      this.deps.target.to(to).emit(...frame);
    } catch (err) {
      this.deps.log.warn({ err, event: frame[0] }, 'socket fan-out failed; durable events will be replayed');
    }
  }

  /**
   * Unassigned counts go only to roles that see every conversation: Sale users see their own conversations
   * only, so account-wide counts would leak; they get none until a per-user count exists.
   */
  private async flushCounts(accountId: string): Promise<void> {
    this.emit(rooms.accountAll(accountId), 'queue.counts', await queueCounts(this.deps.em(), accountId));
  }

  private async flushLoads(accountId: string): Promise<void> {
    const agents = this.dirtyAgents.get(accountId);
    this.dirtyAgents.delete(accountId);
    if (!agents?.size) return;
    type LoadRow = { user_id: string; ongoing: number; capacity: number | null };
    const rows = await this.deps
      .em()
      .getConnection()
      .execute<LoadRow[]>(
        `select l.user_id, l.ongoing, u.capacity from agent_loads l join users u on u.id = l.user_id
       where l.account_id = ? and l.user_id = any(?::uuid[])`,
        [accountId, `{${[...agents].join(',')}}`],
      );
    if (!rows.length) return;
    const at = new Date().toISOString();
    const list = rows.map((r): AgentLoadUpdate => ({
      userId: r.user_id,
      ongoing: r.ongoing,
      capacity: r.capacity,
      at,
    }));
    this.toLoadBoard(accountId, 'agent.load', { agents: list, at });
  }
}
