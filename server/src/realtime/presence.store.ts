import type { PresenceStore as RoutingPresence } from '../routing/presence.js';

/**
 * What the gateway needs from presence, on top of routing's store (server/src/routing/presence.ts), which
 * owns the keys and the rule available = connected and not paused.
 */
export interface PresenceStore {
  /** Extends presence of these users until now + leaseMs (never shortens it). Returns those who just became available. */
  lease(accountId: string, userIds: readonly string[], leaseMs: number): Promise<string[]>;
  /** Returns true when resuming made a connected user available. */
  setPaused(accountId: string, userId: string, paused: boolean): Promise<boolean>;
  state(accountId: string, userId: string): Promise<{ present: boolean; paused: boolean }>;
}

export function gatewayPresence(store: RoutingPresence): PresenceStore {
  return {
    async lease(accountId, userIds, leaseMs) {
      const became = await Promise.all(userIds.map((id) => store.heartbeat(accountId, id, leaseMs)));
      return userIds.filter((_id, i) => became[i]);
    },
    setPaused: (accountId, userId, paused) => store.setPaused(accountId, userId, paused),
    async state(accountId, userId) {
      const s = await store.status(accountId, userId);
      return { present: s.connected, paused: s.paused };
    },
  };
}
