import type { PresenceState } from '@switchboard/client-sdk/contract';
import type { RealtimePublisher } from '../realtime/publisher.js';
import type { PresenceStore } from '../routing/presence.js';
import { announcePresence } from '../routing/presence-announce.js';
import type { RoutingReason } from '../routing/routing.queue.js';
import type { FailureLogger, GatewaySocket } from './socket.js';

export type RequestRouting = (accountId: string, reason: RoutingReason) => Promise<void>;

/** What the gateway needs from routing's presence store: the keys and the rule live there, once. */
export type GatewayPresence = Pick<PresenceStore, 'heartbeatMany' | 'setPaused' | 'status' | 'noteStatus'>;

interface PresenceLeaseDeps {
  presence: GatewayPresence;
  publisher: RealtimePublisher;
  requestRouting: RequestRouting;
  graceMs: number;
  fail: FailureLogger;
  isClosing: () => boolean;
}

/**
 * Presence is a lease: connected users are refreshed well before it lapses, so after the last socket closes
 * (or the node dies) the user stays available for about the grace period and no longer.
 */
export class PresenceLeases {
  /** userId → this node's sockets of that user, for presence leases and "last socket closed". */
  readonly local = new Map<string, { accountId: string; sockets: Set<GatewaySocket> }>();
  private readonly refreshMs: number;
  private readonly leaseMs: number;
  private refresh?: NodeJS.Timeout;

  constructor(private readonly deps: PresenceLeaseDeps) {
    this.refreshMs = Math.min(5_000, Math.max(200, Math.floor(deps.graceMs / 3)));
    this.leaseMs = Math.max(deps.graceMs, 3 * this.refreshMs);
  }

  start(): void {
    this.refresh = setInterval(() => {
      const byAccount = new Map<string, string[]>();
      for (const [userId, { accountId }] of this.local) {
        byAccount.set(accountId, [...(byAccount.get(accountId) ?? []), userId]);
      }
      for (const [accountId, userIds] of byAccount) {
        void this.lease(accountId, userIds).catch(this.deps.fail('presence refresh'));
      }
    }, this.refreshMs);
    this.refresh.unref();
  }

  stop(): void {
    clearInterval(this.refresh);
  }

  /** Every socket this node holds, for the periodic re-validation. */
  sockets(): GatewaySocket[] {
    return [...this.local.values()].flatMap((e) => [...e.sockets]);
  }

  async stateOf(accountId: string, userId: string): Promise<PresenceState> {
    const s = await this.deps.presence.status(accountId, userId);
    return { connected: s.connected, paused: s.paused, available: s.connected && !s.paused };
  }

  announce(accountId: string, userId: string): Promise<PresenceState> {
    return announcePresence(this.deps.presence, this.deps.publisher, accountId, userId);
  }

  /** Leases presence for users; anyone who just became available gets routing to look for work for them. */
  async lease(accountId: string, userIds: string[]): Promise<void> {
    const available = await this.deps.presence.heartbeatMany(accountId, userIds, this.leaseMs);
    for (const userId of available) await this.announce(accountId, userId);
    if (available.length) await this.deps.requestRouting(accountId, 'agent_available');
  }

  async pause(accountId: string, userId: string): Promise<PresenceState> {
    await this.deps.presence.setPaused(accountId, userId, true);
    return this.announce(accountId, userId);
  }

  async resume(accountId: string, userId: string): Promise<PresenceState> {
    const becameAvailable = await this.deps.presence.setPaused(accountId, userId, false);
    const state = await this.announce(accountId, userId);
    if (becameAvailable) await this.deps.requestRouting(accountId, 'agent_available');
    return state;
  }

  track(socket: GatewaySocket): void {
    const { userId, accountId } = socket.data.auth;
    let entry = this.local.get(userId);
    if (!entry) this.local.set(userId, (entry = { accountId, sockets: new Set() }));
    entry.sockets.add(socket);
  }

  untrack(socket: GatewaySocket): void {
    const { userId, accountId } = socket.data.auth;
    const entry = this.local.get(userId);
    if (!entry) return;
    entry.sockets.delete(socket);
    const { fail, isClosing, graceMs } = this.deps;
    if (entry.sockets.size || isClosing()) return;
    this.local.delete(userId);
    // The last socket here: the lease runs out after the grace period unless another node (or a
    // reconnect) renews it; then admins learn the agent went away.
    void this.deps.presence.heartbeatMany(accountId, [userId], graceMs).catch(fail('presence release'));
    const timer = setTimeout(() => {
      if (isClosing() || this.local.has(userId)) return;
      void this.stateOf(accountId, userId)
        .then((s) => {
          if (!s.connected) return this.announce(accountId, userId);
        })
        .catch(fail('presence announcement'));
    }, graceMs + 50);
    timer.unref();
  }
}
