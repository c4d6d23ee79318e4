import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { EphemeralEventPayloads, EphemeralEventType, QueueCounts } from '../../../client-sdk/src/events.js';
import type { RedisKeys } from '../infra/keys.js';
import { toEnvelope, type LoggedEvent } from './event-log.js';
import { rooms, roomsForAudience } from './rooms.js';

/**
 * Anything that can emit to rooms across every node: the Redis emitter (workers, REST handlers) or a
 * gateway's `io`. Both go through the same adapter channel, so the choice never changes who receives what.
 */
export interface RealtimeTarget {
  to(room: string | string[]): { emit(ev: string, ...args: any[]): unknown };
}

const emitters = new WeakMap<Redis, Emitter>();

/**
 * An emitter on an existing connection (it only PUBLISHes). The key must be the gateway adapter's key:
 * the pub/sub adapter and this emitter speak the same protocol; the streams adapter does not (STACK.md).
 */
export function realtimeEmitter(redis: Redis, keys: RedisKeys): RealtimeTarget {
  let e = emitters.get(redis);
  if (!e) {
    e = new Emitter(redis, { key: keys.socketIoPrefix });
    emitters.set(redis, e);
  }
  return e;
}

/** Sends committed log events to the rooms of their audience. Call only after the transaction commits. */
export function publishDurable(target: RealtimeTarget, events: readonly LoggedEvent[]): void {
  for (const e of events) {
    const to = roomsForAudience(e);
    // An empty room list would broadcast to every socket of every account.
    if (!to.length) continue;
    target.to(to).emit(e.type, toEnvelope(e));
  }
}

type AdminEvent = Exclude<EphemeralEventType, 'queue.counts'>;

/** Admin-only live state (load, presence, capacity): not logged, never replayed. */
export function publishToAdmins<E extends AdminEvent>(target: RealtimeTarget, accountId: string, event: E, payload: EphemeralEventPayloads[E]): void {
  target.to(rooms.accountAdmins(accountId)).emit(event, payload);
}

/**
 * Unassigned counts go to roles that see every conversation. Sale users see only their own conversations,
 * so account-wide counts would leak; they get none until a per-user count exists.
 */
export function publishQueueCounts(target: RealtimeTarget, accountId: string, counts: QueueCounts): void {
  target.to(rooms.accountAll(accountId)).emit('queue.counts', counts);
}
