/**
 * The routing decision (DESIGN §4): a pure function of a snapshot, the clock value and a random source.
 * No I/O and no Date.now here, so every decision can be replayed in a unit test and explained to an admin.
 *
 * Times are integer epoch microseconds: the database keeps microseconds, and round robin needs every
 * assignment in a batch to get a distinct, ordered stamp.
 */
import type { Role } from '../db/entities/user.entity.js';
import type { OwnerFallback, RoutingStrategy } from '../db/entities/account.entity.js';

export type { OwnerFallback, RoutingStrategy };

/** Returns a float in [0, 1). */
export type RandomSource = () => number;

export interface AgentSnapshot {
  id: string;
  accountId: string;
  status: 'active' | 'pending';
  /** Has a live connection (presence heartbeat not expired). */
  connected: boolean;
  /** Paused themselves: connected but taking nothing new. */
  paused: boolean;
  teamIds: readonly string[];
  role: Role;
  /** null = unlimited; 0 = receives nothing automatically. */
  capacity: number | null;
  ongoing: number;
  /** Epoch µs of the last assignment, null = never assigned. */
  lastAssignedAt: number | null;
}

export interface ConversationToRoute {
  id: string;
  accountId: string;
  teamId: string | null;
  priority: number;
  contactOwnerId: string | null;
}

export interface RoutingSettings {
  strategy: RoutingStrategy;
  ownerFallback: OwnerFallback;
}

/**
 * Why a candidate was filtered out: the first filter it failed, in the order below. Team comes before
 * presence because it is the structural reason (a non-member could never take it), and it keeps
 * stored explanations small: see `compactExplanation`.
 */
export const EXCLUSION_REASONS = ['other_account', 'not_in_team', 'pending', 'offline', 'paused', 'not_visible', 'at_capacity'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** Why an eligible candidate did not win. */
export type LossReason =
  | 'lost_on_ratio' // balanced: a higher ongoing ÷ capacity than the winner
  | 'lost_on_idle' // same ratio, but assigned more recently than the winner
  | 'lost_on_rotation' // round robin: assigned more recently than the winner
  | 'lost_on_random' // exactly tied with the winner; the random source decided
  | 'not_owner' // the contact's owner was eligible and contact owners come first
  | 'waiting_for_owner'; // the owner cannot take it and the account's rule is to wait for them

export interface RankedCandidate {
  agentId: string;
  ongoing: number;
  capacity: number | null;
  lastAssignedAt: number | null;
  result: 'chosen' | LossReason;
}

export interface Explanation {
  strategy: RoutingStrategy;
  /** Present when the contact has an owner: whether the owner could take it and which rule applied. */
  owner: { ownerId: string; eligible: boolean; rule: 'owner_first' | OwnerFallback } | null;
  /** Candidates filtered out, grouped by reason (ids appear once: explanations are stored per assignment). */
  excluded: Partial<Record<ExclusionReason, string[]>>;
  /** Eligible candidates, winner first, with the numbers the selector compared. */
  ranked: RankedCandidate[];
}

export type Decision =
  | { kind: 'assigned'; agentId: string; explanation: Explanation }
  | { kind: 'unassigned'; explanation: Explanation };

// ---------------------------------------------------------------------------------------------
// Filters: predicates named as the question they answer. Each returns the reason to exclude, or null.

function isActive(a: AgentSnapshot): ExclusionReason | null {
  return a.status === 'active' ? null : 'pending';
}

function isAvailable(a: AgentSnapshot): ExclusionReason | null {
  if (!a.connected) return 'offline';
  return a.paused ? 'paused' : null;
}

function isInTeam(a: AgentSnapshot, c: ConversationToRoute): ExclusionReason | null {
  return c.teamId === null || a.teamIds.includes(c.teamId) ? null : 'not_in_team';
}

/**
 * May the agent see the conversation once it is assigned to them? DESIGN §3: every role sees the
 * conversations assigned to it (Sale sees "those assigned to them or whose contact they own"), so the
 * assignment itself grants visibility and no role is excluded today. The filter stays a named step so a
 * future role that cannot see some conversations (a channel-restricted role, say) is excluded here,
 * and so explanations keep a stable place for the reason.
 */
function canSeeOnceAssigned(_a: AgentSnapshot, _c: ConversationToRoute): ExclusionReason | null {
  return null;
}

/** Capacity 0 receives nothing automatically; null is unlimited; lowering capacity revokes nothing. */
export function hasFreeSlot(a: Pick<AgentSnapshot, 'capacity' | 'ongoing'>): boolean {
  return a.capacity === null || a.ongoing < a.capacity;
}

function isSameAccount(a: AgentSnapshot, c: ConversationToRoute): ExclusionReason | null {
  return a.accountId === c.accountId ? null : 'other_account';
}

export function exclusionReason(a: AgentSnapshot, c: ConversationToRoute): ExclusionReason | null {
  return isSameAccount(a, c) ?? isInTeam(a, c) ?? isActive(a) ?? isAvailable(a) ?? canSeeOnceAssigned(a, c) ?? (hasFreeSlot(a) ? null : 'at_capacity');
}

// ---------------------------------------------------------------------------------------------
// Selectors

/**
 * Balanced compares ongoing ÷ capacity. An unlimited agent has no ratio of its own, so it is compared as
 * if its capacity were the largest finite capacity among the eligible agents (1 when all are unlimited).
 * Counting unlimited as ratio 0 would hand an unlimited admin every conversation before anyone else got
 * a second one; this way an unlimited agent shares load like their largest-capacity peer and only keeps
 * receiving alone once everyone else is full.
 */
function effectiveCapacities(eligible: AgentSnapshot[]): Map<string, number> {
  let largest = 0;
  for (const a of eligible) if (a.capacity !== null && a.capacity > largest) largest = a.capacity;
  const fallback = Math.max(largest, 1);
  return new Map(eligible.map((a) => [a.id, a.capacity ?? fallback]));
}

/** Null (never assigned) is the longest idle of all. */
const idleOrder = (x: number | null, y: number | null) => (x === y ? 0 : x === null ? -1 : y === null ? 1 : x - y);

function compareBalanced(caps: Map<string, number>) {
  return (a: AgentSnapshot, b: AgentSnapshot) => {
    // Cross-multiplied so equal ratios compare equal without floating point.
    const byRatio = a.ongoing * caps.get(b.id)! - b.ongoing * caps.get(a.id)!;
    return byRatio !== 0 ? byRatio : idleOrder(a.lastAssignedAt, b.lastAssignedAt);
  };
}

const compareRoundRobin = (a: AgentSnapshot, b: AgentSnapshot) => idleOrder(a.lastAssignedAt, b.lastAssignedAt);

function select(eligible: AgentSnapshot[], strategy: RoutingStrategy, random: RandomSource): RankedCandidate[] {
  const caps = strategy === 'balanced' ? effectiveCapacities(eligible) : undefined;
  const cmp = caps ? compareBalanced(caps) : compareRoundRobin;
  const sorted = [...eligible].sort(cmp);
  let tied = 1;
  while (tied < sorted.length && cmp(sorted[0], sorted[tied]) === 0) tied++;
  const pick = tied > 1 ? Math.min(tied - 1, Math.floor(random() * tied)) : 0;
  const winner = sorted[pick];
  sorted.splice(pick, 1);
  sorted.unshift(winner);
  return sorted.map((a, i) => ({
    agentId: a.id,
    ongoing: a.ongoing,
    capacity: a.capacity,
    lastAssignedAt: a.lastAssignedAt,
    result: i === 0 ? 'chosen' : lossReason(a, winner, strategy, cmp, caps),
  }));
}

function lossReason(
  a: AgentSnapshot,
  winner: AgentSnapshot,
  strategy: RoutingStrategy,
  cmp: (x: AgentSnapshot, y: AgentSnapshot) => number,
  caps: Map<string, number> | undefined,
): LossReason {
  if (cmp(a, winner) === 0) return 'lost_on_random';
  if (strategy === 'round_robin') return 'lost_on_rotation';
  const byRatio = a.ongoing * caps!.get(winner.id)! - winner.ongoing * caps!.get(a.id)!;
  return byRatio !== 0 ? 'lost_on_ratio' : 'lost_on_idle';
}

// ---------------------------------------------------------------------------------------------
// The decision

function rankedAsLosers(eligible: AgentSnapshot[], result: LossReason): RankedCandidate[] {
  return eligible.map((a) => ({ agentId: a.id, ongoing: a.ongoing, capacity: a.capacity, lastAssignedAt: a.lastAssignedAt, result }));
}

/** Decides one conversation against a snapshot. */
export function decide(agents: readonly AgentSnapshot[], conversation: ConversationToRoute, settings: RoutingSettings, random: RandomSource): Decision {
  const excluded: Explanation['excluded'] = {};
  const eligible: AgentSnapshot[] = [];
  for (const a of agents) {
    const reason = exclusionReason(a, conversation);
    if (reason) (excluded[reason] ??= []).push(a.id);
    else eligible.push(a);
  }
  const base = { strategy: settings.strategy, excluded };
  const ownerId = conversation.contactOwnerId;
  if (ownerId !== null) {
    const owner = eligible.find((a) => a.id === ownerId);
    if (owner) {
      const others = rankedAsLosers(eligible.filter((a) => a !== owner), 'not_owner');
      const ranked = [{ agentId: owner.id, ongoing: owner.ongoing, capacity: owner.capacity, lastAssignedAt: owner.lastAssignedAt, result: 'chosen' as const }, ...others];
      return { kind: 'assigned', agentId: owner.id, explanation: { ...base, owner: { ownerId, eligible: true, rule: 'owner_first' }, ranked } };
    }
    if (settings.ownerFallback === 'wait') {
      return { kind: 'unassigned', explanation: { ...base, owner: { ownerId, eligible: false, rule: 'wait' }, ranked: rankedAsLosers(eligible, 'waiting_for_owner') } };
    }
  }
  const owner: Explanation['owner'] = ownerId === null ? null : { ownerId, eligible: false, rule: 'pool' };
  if (eligible.length === 0) return { kind: 'unassigned', explanation: { ...base, owner, ranked: [] } };
  const ranked = select(eligible, settings.strategy, random);
  return { kind: 'assigned', agentId: ranked[0].agentId, explanation: { ...base, owner, ranked } };
}

export interface BatchDecision {
  conversationId: string;
  decision: Decision;
  /** The stamp written to the winner's lastAssignedAt (absent when unassigned). */
  assignedAt?: number;
}

export interface BatchResult {
  decisions: BatchDecision[];
  /** The snapshot after the batch: what the ledger must look like once the assignments commit. */
  agents: AgentSnapshot[];
}

/**
 * Decides conversations one after another (the caller orders them: priority desc, then age), updating
 * an in-memory copy of the snapshot after each assignment. This is what lets one transaction claim many
 * conversations without ever exceeding a capacity.
 *
 * Stamps strictly increase (1 µs apart, and after every stamp already in the snapshot) so that round
 * robin stays exactly even within a batch and across batches that start in the same microsecond.
 */
export function decideBatch(
  agents: readonly AgentSnapshot[],
  conversations: readonly ConversationToRoute[],
  settings: RoutingSettings,
  opts: { now: number; random: RandomSource },
): BatchResult {
  const current = agents.map((a) => ({ ...a }));
  const byId = new Map(current.map((a) => [a.id, a]));
  let stamp = opts.now;
  for (const a of current) if (a.lastAssignedAt !== null && a.lastAssignedAt >= stamp) stamp = a.lastAssignedAt + 1;
  const decisions: BatchDecision[] = [];
  for (const c of conversations) {
    const decision = decide(current, c, settings, opts.random);
    if (decision.kind === 'assigned') {
      const winner = byId.get(decision.agentId)!;
      winner.ongoing += 1;
      winner.lastAssignedAt = stamp;
      decisions.push({ conversationId: c.id, decision, assignedAt: stamp });
      stamp += 1;
    } else {
      decisions.push({ conversationId: c.id, decision });
    }
  }
  return { decisions, agents: current };
}

/**
 * The stored form of an explanation: identical, except that non-members of the conversation's team are
 * counted instead of listed. With 200 agents in 10 teams that is 180 ids per assignment, which made the
 * history table the bottleneck of routing; who was in the team is what an admin needs to read, and
 * "everyone else was not in the team" is exact because team is the first filter after the account.
 */
export type StoredExplanation = Omit<Explanation, 'excluded' | 'ranked'> & {
  excluded: Partial<Record<Exclude<ExclusionReason, 'not_in_team'>, string[]>>;
  notInTeamCount: number;
  /** [agentId, result, ongoing, capacity, lastAssignedAt]: tuples, as this is stored once per assignment. */
  ranked: Array<[string, RankedCandidate['result'], number, number | null, number | null]>;
};

export function compactExplanation(e: Explanation): StoredExplanation {
  const { not_in_team: notInTeam, ...rest } = e.excluded;
  return {
    strategy: e.strategy,
    owner: e.owner,
    excluded: rest,
    notInTeamCount: notInTeam?.length ?? 0,
    ranked: e.ranked.map((r) => [r.agentId, r.result, r.ongoing, r.capacity, r.lastAssignedAt]),
  };
}

/** Back to the readable form; `notInTeam` lists the account's other agents when the caller knows them. */
export function expandExplanation(s: StoredExplanation, notInTeam: string[] = []): Explanation & { notInTeamCount: number } {
  return {
    strategy: s.strategy,
    owner: s.owner,
    excluded: notInTeam.length ? { not_in_team: notInTeam, ...s.excluded } : { ...s.excluded },
    notInTeamCount: s.notInTeamCount,
    ranked: s.ranked.map(([agentId, result, ongoing, capacity, lastAssignedAt]) => ({ agentId, result, ongoing, capacity, lastAssignedAt })),
  };
}

/** The reason the explanation gives for one candidate: 'chosen', an exclusion or a loss; undefined if absent. */
export function reasonFor(e: Explanation, agentId: string): 'chosen' | ExclusionReason | LossReason | undefined {
  const ranked = e.ranked.find((r) => r.agentId === agentId);
  if (ranked) return ranked.result;
  for (const [reason, ids] of Object.entries(e.excluded)) if (ids?.includes(agentId)) return reason as ExclusionReason;
  return undefined;
}

/** mulberry32: small, fast and seedable; good enough for tie-breaks (not for secrets). */
export function seededRandom(seed: number): RandomSource {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
