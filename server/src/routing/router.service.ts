import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConversationAssigned } from '@switchboard/client-sdk/contract';
import { lockAccount } from './account-lock.js';
import {
  adjustLoads,
  audienceOf,
  claimUnassigned,
  insertAssignmentEvents,
  insertRealtimeEvents,
  type AssignmentEventRow,
  type LoadDelta,
} from './claim.repository.js';
import type { NewRealtimeEvent, StoredRealtimeEvent } from '../realtime/event-log.js';
import { randomUUID } from 'node:crypto';
import { BatchDecider, decide, type CompactExplanation, type Decision, type RandomSource } from './policy/index.js';
import { insertSnapshot } from './snapshot.store.js';
import type { PresenceStore } from './presence.js';
import {
  loadAgents,
  loadConversation,
  loadQueuePage,
  loadSettings,
  type AgentRow,
  type QueueCursor,
  type QueuedConversation,
} from './snapshot.repository.js';

export interface RouterDeps {
  em: () => EntityManager;
  presence: PresenceStore;
  publish: (events: StoredRealtimeEvent[]) => void;
  batchSize: number;
  /** Epoch µs. */
  clock?: () => number;
  random?: RandomSource;
  onBatch?: (stats: { accountId: string; assigned: number; considered: number; ms: number }) => void;
}

export interface BatchOutcome {
  assigned: number;
  considered: number;
  /** The batch stopped at its size limit: another one may find more work. */
  more: boolean;
}

/**
 * Each batch pays a fixed cost that grows with the number of agents (their rows, the heaps, the
 * snapshot row): about 60 ms at 10,000 agents against ~0.15 ms per conversation. At the configured size
 * that fixed cost dominated large accounts (10,000 agents routed at a third of the 10-agent rate), so the
 * batch grows with the agent count until the fixed part is a small share of it. The price is a longer
 * hold of the account lock (inbound appends and manual actions of the account wait for it): at most
 * ~0.5 s for a 2,500-conversation batch, and only while a backlog drains; a steady stream routes in
 * small batches whatever the cap, since a batch takes only what is queued.
 */
export function batchSizeFor(configured: number, agents: number): number {
  return Math.max(configured, Math.min(MAX_GROWN_BATCH, Math.ceil(agents / 4)));
}
const MAX_GROWN_BATCH = 2500;

/**
 * Automatic routing of one account: claims as many Unassigned conversations as the free slots allow, in
 * queue order, a batch per transaction. See docs/routing.md and docs/invariants.md; the decision itself is policy/.
 */
export class RouterService {
  private readonly clock: () => number;
  private readonly random: RandomSource;

  constructor(private readonly deps: RouterDeps) {
    this.clock = deps.clock ?? (() => Date.now() * 1000);
    this.random = deps.random ?? Math.random;
  }

  /** Routes until nothing more can be assigned. Returns the number of assignments. */
  async routeAccount(accountId: string): Promise<number> {
    let total = 0;
    for (;;) {
      const r = await this.routeBatch(accountId);
      total += r.assigned;
      if (!r.more) return total;
    }
  }

  /**
   * One transaction: take the account lock, read the snapshot, walk the queue in order deciding each
   * conversation against the in-memory snapshot, then write every assignment with set-based SQL.
   * Presence is read before the lock so the lock is held only for database work.
   */
  async routeBatch(accountId: string): Promise<BatchOutcome> {
    const started = performance.now();
    const presence = await this.deps.presence.snapshot(accountId);
    let events: StoredRealtimeEvent[] = [];
    const outcome = await this.deps.em().transactional(async (tx) => {
      await lockAccount(tx, accountId);
      const settings = await loadSettings(tx, accountId);
      if (!settings) return { assigned: 0, considered: 0, more: false };
      const agents: AgentRow[] = await loadAgents(tx, accountId, presence);
      const names = new Map(agents.map((a) => [a.id, a.name]));
      // Per-agent facts are read once per batch, not per page or per conversation.
      const decider = new BatchDecider(agents, accountId, settings, { now: this.clock() }, this.random);
      const batchSize = batchSizeFor(this.deps.batchSize, agents.length);
      const claimed: Array<{ c: QueuedConversation; agentId: string; at: number; explanation: CompactExplanation }> =
        [];
      let considered = 0;
      let after: QueueCursor | null = null;
      let more = false;
      for (;;) {
        if (!decider.anyFree()) break;
        const teams = decider.teamsWithRoom();
        // About a batch per transaction bounds how long the account lock is held; the small floor keeps a
        // long unroutable stretch of the queue from being read a few rows at a time.
        const limit = Math.max(batchSize - claimed.length, Math.min(batchSize, 50));
        const page = await loadQueuePage(tx, accountId, { limit, after, teams });
        if (!page.length) break;
        considered += page.length;
        for (const c of page) {
          const d = decider.decide(c);
          if (d.decision.kind === 'assigned')
            claimed.push({ c, agentId: d.decision.agentId, at: d.assignedAt!, explanation: d.decision.explanation });
        }
        const last = page[page.length - 1];
        after = { priority: last.priority, queuedKey: last.queuedKey, id: last.id };
        if (claimed.length >= batchSize) {
          more = true;
          break;
        }
        if (page.length < limit) break;
      }
      if (!claimed.length) return { assigned: 0, considered, more: false };

      // Written once per batch, in the same transaction: an assignment never points at a missing snapshot.
      const snapshotId = randomUUID();
      await insertSnapshot(tx, {
        id: snapshotId,
        accountId,
        ownerFallback: settings.ownerFallback,
        agents,
        assigned: claimed.map((x) => ({ agentId: x.agentId, at: x.at })),
      });
      claimed.forEach((x, seq) => Object.assign(x.explanation, { snapshotId, seq }));

      await claimUnassigned(
        tx,
        accountId,
        claimed.map((x) => ({ conversationId: x.c.id, agentId: x.agentId })),
      );
      const deltas = new Map<string, LoadDelta>();
      for (const x of claimed) {
        const d = deltas.get(x.agentId) ?? { userId: x.agentId, delta: 0, enforceCapacity: true };
        d.delta += 1;
        d.lastAssignedAt = x.at;
        deltas.set(x.agentId, d);
      }
      await adjustLoads(tx, accountId, [...deltas.values()]);
      await insertAssignmentEvents(
        tx,
        accountId,
        claimed.map((x): AssignmentEventRow => ({
          conversationId: x.c.id,
          kind: 'auto',
          toUserId: x.agentId,
          toUserName: names.get(x.agentId) ?? null,
          reason: `routing:${settings.strategy}`,
          explanation: x.explanation,
        })),
      );
      events = await insertRealtimeEvents(
        tx,
        accountId,
        claimed.map((x): NewRealtimeEvent<'conversation.assigned'> => {
          const payload: ConversationAssigned = {
            conversation: { ...x.c.summary, status: 'assigned', assigneeId: x.agentId },
            assigneeId: x.agentId,
            previousAssigneeId: null,
            reason: 'auto',
            actorUserId: null,
          };
          return {
            type: 'conversation.assigned',
            conversationId: x.c.id,
            audienceUserIds: audienceOf(x.agentId, x.c.contactOwnerId),
            audienceAll: true,
            payload,
          };
        }),
      );
      return { assigned: claimed.length, considered, more };
    });
    if (events.length) this.deps.publish(events);
    this.deps.onBatch?.({
      accountId,
      assigned: outcome.assigned,
      considered: outcome.considered,
      ms: performance.now() - started,
    });
    return outcome;
  }

  /**
   * What routing would decide for one waiting conversation right now, with the full explanation: the
   * answer to "why is this still Unassigned?". Reads only; the next real batch may differ if anything changes.
   */
  async explainNow(accountId: string, conversationId: string): Promise<Decision | null> {
    const em = this.deps.em();
    const [settings, c, presence] = await Promise.all([
      loadSettings(em, accountId),
      loadConversation(em, accountId, conversationId),
      this.deps.presence.snapshot(accountId),
    ]);
    if (!settings || !c || c.summary.status !== 'unassigned') return null;
    return decide(await loadAgents(em, accountId, presence), c, settings, this.random);
  }
}
