import type { Logger } from 'pino';
import type { StoredRealtimeEvent } from '../../realtime/event-log.js';
import type { RoutingReason } from '../../routing/routing.queue.js';

export type { RoutingReason };

/**
 * Asks the routing engine to route an account. Called after the admin change committed, never inside its
 * transaction: a job enqueued before commit could run against the old state. Wired to the routing queue in
 * `http/app.ts`.
 */
export type OnRoutingNeeded = (accountId: string, reason: RoutingReason) => Promise<void>;

/** Tells every gateway node that these users' sessions, role or teams changed, so their sockets re-check now. */
export type OnUsersChanged = (accountId: string, userIds: string[]) => Promise<void>;

/** Fans committed socket events out to connected clients (they are durable already; this is the live push). */
export type PublishEvents = (events: StoredRealtimeEvent[]) => void;

/**
 * What admin changes do once committed, besides answering. Every effect is best effort: the change is
 * already durable and each has a backstop (the routing sweep, the gateway's periodic session re-check,
 * replay of `realtime_events` on reconnect), so a failure here costs latency, never correctness.
 */
export interface AdminEffects {
  onRoutingNeeded: OnRoutingNeeded;
  onUsersChanged?: OnUsersChanged;
  publish?: PublishEvents;
}

export function safeRoutingHook(hook: OnRoutingNeeded, log: Logger): OnRoutingNeeded {
  return async (accountId, reason) => {
    try {
      await hook(accountId, reason);
    } catch (err) {
      log.warn(
        { err, accountId, reason },
        'could not request routing after an admin change; the sweep will pick it up',
      );
    }
  };
}

export function safeUsersChanged(hook: OnUsersChanged, log: Logger): OnUsersChanged {
  return async (accountId, userIds) => {
    if (!userIds.length) return;
    try {
      await hook(accountId, userIds);
    } catch (err) {
      log.warn({ err, accountId }, 'could not notify gateways of a user change; their periodic re-check will');
    }
  };
}
