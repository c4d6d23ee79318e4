import type { Logger } from 'pino';

/** Why an admin change may let Unassigned conversations move (DESIGN §4: "whenever capacity may have freed"). */
export type RoutingReason =
  | 'user_removed' | 'user_activated' | 'role_changed' | 'capacity_changed' | 'team_member_added' | 'team_deleted';

/**
 * Asks the routing engine to route an account. Called after the admin change committed, never inside its
 * transaction: a job enqueued before commit could run against the old state. The lead wires the routing
 * module's `requestRouting(accountId, reason)` here in `http/app.ts`.
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
