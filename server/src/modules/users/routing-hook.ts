import type { Logger } from 'pino';

import type { RoutingReason } from '../../routing/routing.queue.js';

export type { RoutingReason };

/**
 * Asks the routing engine to route an account. Called after the admin change committed, never inside its
 * transaction: a job enqueued before commit could run against the old state. Wired to the routing queue in
 * `http/app.ts`.
 */
export type OnRoutingNeeded = (accountId: string, reason: RoutingReason) => Promise<void>;

/**
 * Wraps the hook so a failure to enqueue never fails the admin request whose change is already committed:
 * the worker's periodic sweep re-triggers routing anyway, so a lost request only costs latency.
 */
export function safeRoutingHook(hook: OnRoutingNeeded, log: Logger): OnRoutingNeeded {
  return async (accountId, reason) => {
    try {
      await hook(accountId, reason);
    } catch (err) {
      log.warn({ err, accountId, reason }, 'could not request routing after an admin change; the sweep will pick it up');
    }
  };
}
