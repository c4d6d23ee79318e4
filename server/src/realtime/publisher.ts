import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EventEnvelope } from '../../../client-sdk/src/events.js';
import type { StoredRealtimeEvent } from '../routing/claim.repository.js';
import { roomsForAudience } from './rooms.js';

/**
 * Fans committed events out to sockets from any process (worker or server) through the Socket.IO Redis
 * emitter. Publishing is best effort: the event is already durable in `realtime_events`, and a client that
 * missed it replays from its last id (DESIGN §5 I6), so a Redis hiccup here must not fail the caller.
 */
export class EventPublisher {
  private readonly emitter: Emitter;

  constructor(redis: Redis, socketIoPrefix: string, private readonly log: Logger) {
    this.emitter = new Emitter(redis, { key: socketIoPrefix });
  }

  publish(events: readonly StoredRealtimeEvent[]): void {
    for (const e of events) {
      const envelope: EventEnvelope = { id: e.id, type: e.type, at: e.at, payload: e.payload };
      const to = roomsForAudience({ ...e, adminOnly: e.adminOnly ?? false });
      // An empty room list would broadcast to every socket of every account.
      if (!to.length) continue;
      try {
        this.emitter.to(to).emit(e.type, envelope);
      } catch (err) {
        this.log.warn({ err, eventId: e.id }, 'socket fan-out failed; clients will replay the event');
      }
    }
  }
}
