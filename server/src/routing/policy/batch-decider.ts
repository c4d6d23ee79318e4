import {
  ASSIGNMENT_GRANTS_VISIBILITY,
  exclusionReason,
  hasFreeSlot,
  isActiveAndAvailable,
  type VisibilityRule,
} from './eligibility.js';
import type { Live } from './heap.js';
import { Pool } from './pool.js';
import type {
  AgentSnapshot,
  BatchDecisionResult,
  BatchResult,
  CompactExplanation,
  ConversationToRoute,
  Explanation,
  LossReason,
  RandomSource,
  RoutingSettings,
} from './types.js';

const RUNNERS_UP = 3;

/**
 * Decides a batch of conversations in queue order against one snapshot, updating it after each
 * assignment. Per-agent facts (account, status, presence) are read once per batch; each team's eligible
 * members sit in a heap keyed by the strategy's order, so a decision costs O(log agents) plus a few
 * runners-up, not a scan. Pure: the only inputs are the snapshot, the settings, the clock value and the
 * random source. Winners are the same as `decide` would pick up to the tie-break among exactly equal
 * candidates (a random rank per agent here, a random index there; both uniform), and `explainReplayed`
 * rebuilds `decide`'s full explanation for any decision from the snapshot and the earlier winners.
 */
export class BatchDecider {
  private readonly live: Live[];
  private readonly byId: Map<string, Live>;
  private readonly pools = new Map<string | null, Pool>();
  private readonly members = new Map<string, Live[]>();
  private readonly free = new Map<string | null, number>();
  private readonly visibility: VisibilityRule;
  private stamp: number;
  private seq = 0;

  constructor(
    agents: readonly AgentSnapshot[],
    private readonly accountId: string,
    private readonly settings: RoutingSettings,
    opts: { now: number; visibility?: VisibilityRule },
    private readonly random: RandomSource,
  ) {
    this.visibility = opts.visibility ?? ASSIGNMENT_GRANTS_VISIBILITY;
    // Fields copied by name: an object spread of 10,000 agents measured ~40 ms per batch against 1–2 ms for
    // this (why the spread is that slow here was not pinned down), more than every decision of a batch.
    this.live = agents.map((a, index): Live => ({
      id: a.id,
      accountId: a.accountId,
      status: a.status,
      connected: a.connected,
      paused: a.paused,
      teamIds: a.teamIds.slice(),
      role: a.role,
      capacity: a.capacity,
      ongoing: a.ongoing,
      lastAssignedAt: a.lastAssignedAt,
      index,
      version: 0,
      rank: 0,
      available: a.accountId === accountId && isActiveAndAvailable(a) === null,
      hiddenAt: -1,
    }));
    this.byId = new Map(this.live.map((a) => [a.id, a]));
    this.stamp = opts.now;
    for (const a of this.live) {
      if (a.lastAssignedAt !== null && a.lastAssignedAt >= this.stamp) this.stamp = a.lastAssignedAt + 1;
      if (a.accountId !== accountId) continue;
      for (const t of a.teamIds) {
        let m = this.members.get(t);
        if (!m) this.members.set(t, (m = []));
        m.push(a);
      }
      if (a.available && hasFreeSlot(a)) {
        a.rank = random();
        this.free.set(null, (this.free.get(null) ?? 0) + 1);
        for (const t of a.teamIds) this.free.set(t, (this.free.get(t) ?? 0) + 1);
      }
    }
  }

  /** Someone could take a conversation of no team. */
  anyFree(): boolean {
    return (this.free.get(null) ?? 0) > 0;
  }

  /** The teams that have a free eligible member: the queue is read only for those (and for no team). */
  teamsWithRoom(): string[] {
    return [...this.free].filter(([t, n]) => t !== null && n > 0).map(([t]) => t!);
  }

  /** The snapshot as it stands after the decisions so far. */
  snapshot(): AgentSnapshot[] {
    return this.live.map(({ index: _i, version: _v, rank: _r, available: _a, hiddenAt: _h, ...a }) => a);
  }

  private pool(teamId: string | null): Pool {
    let p = this.pools.get(teamId);
    if (!p) {
      const sameAccount = this.live.filter((a) => a.accountId === this.accountId);
      const members = teamId === null ? sameAccount : (this.members.get(teamId) ?? []);
      const notInTeam = sameAccount.length - members.length;
      p = new Pool(this.settings.strategy, members, notInTeam, this.live.length - sameAccount.length, this.visibility);
      this.pools.set(teamId, p);
    }
    return p;
  }

  decide(c: ConversationToRoute): { decision: BatchDecisionResult; assignedAt?: number } {
    const pool = this.pool(c.accountId === this.accountId ? c.teamId : '\u0000other account');
    pool.hide(c, this.seq++);
    const base = {
      strategy: this.settings.strategy,
      teamId: c.teamId,
      contactOwnerId: c.contactOwnerId,
      eligible: pool.eligible,
      excluded: pool.exclusions(),
    };
    const ownerId = c.contactOwnerId;
    let owner: Explanation['owner'] = null;
    if (ownerId !== null) {
      const o = this.byId.get(ownerId);
      // The owner is one agent: the whole rule, the same call `decide` makes, costs what the inline checks did.
      const eligible = !!o && o.accountId === this.accountId && exclusionReason(o, c, this.visibility) === null;
      if (eligible) {
        owner = { ownerId, eligible: true, rule: 'owner_first' };
        // Every other eligible candidate lost with 'not_owner': the replay lists them.
        return this.assign(o, pool, { ...base, owner, runnersUp: [] });
      }
      owner = { ownerId, eligible: false, rule: this.settings.ownerFallback === 'wait' ? 'wait' : 'pool' };
      if (this.settings.ownerFallback === 'wait')
        return { decision: { kind: 'unassigned', explanation: { ...base, owner, runnersUp: [] } } };
    }
    const top = pool.take(RUNNERS_UP + 1);
    const winner = top[0];
    if (!winner) return { decision: { kind: 'unassigned', explanation: { ...base, owner, runnersUp: [] } } };
    const runnersUp = top
      .slice(1)
      .map((a): CompactExplanation['runnersUp'][number] => [
        a.id,
        this.lossReason(pool, a, winner),
        a.ongoing,
        a.capacity,
        a.lastAssignedAt,
      ]);
    for (const a of top.slice(1)) pool.push(a);
    return this.assign(winner, pool, { ...base, owner, runnersUp });
  }

  private lossReason(pool: Pool, a: Live, winner: Live): LossReason {
    const c = pool.compare(a, winner);
    if (c === 0) return 'lost_on_random';
    if (this.settings.strategy === 'round_robin') return 'lost_on_rotation';
    const f = pool.fallbackCap;
    return a.ongoing * (winner.capacity ?? f) - winner.ongoing * (a.capacity ?? f) !== 0
      ? 'lost_on_ratio'
      : 'lost_on_idle';
  }

  private assign(
    a: Live,
    pool: Pool,
    e: Omit<CompactExplanation, 'chosen'>,
  ): { decision: BatchDecisionResult; assignedAt: number } {
    const explanation: CompactExplanation = { ...e, chosen: [a.id, a.ongoing, a.capacity, a.lastAssignedAt] };
    const at = this.stamp++;
    a.ongoing += 1;
    a.lastAssignedAt = at;
    a.version += 1;
    a.rank = this.random();
    const full = !hasFreeSlot(a);
    for (const t of [null, ...a.teamIds]) {
      const p = this.pools.get(t);
      if (full) {
        this.free.set(t, this.free.get(t)! - 1);
        p?.filled(a);
      } else p?.push(a);
    }
    void pool;
    return { decision: { kind: 'assigned', agentId: a.id, explanation }, assignedAt: at };
  }
}

/** Decides conversations one after another (the caller orders them: priority desc, then age). */
export function decideBatch(
  agents: readonly AgentSnapshot[],
  conversations: readonly ConversationToRoute[],
  settings: RoutingSettings,
  opts: { now: number; random: RandomSource; visibility?: VisibilityRule },
): BatchResult {
  const accountId = conversations[0]?.accountId ?? agents[0]?.accountId ?? '';
  const decider = new BatchDecider(
    agents,
    accountId,
    settings,
    { now: opts.now, visibility: opts.visibility },
    opts.random,
  );
  const decisions = conversations.map((c) => ({ conversationId: c.id, ...decider.decide(c) }));
  return { decisions, agents: decider.snapshot() };
}
