/**
 * The routing policy's vocabulary. Times are integer epoch microseconds: the database keeps microseconds,
 * and round robin needs every assignment in a batch to get a distinct, ordered stamp.
 */
import type { Role } from '../../core/roles.js';
import type { OwnerFallback, RoutingStrategy } from '../../core/routing-settings.js';

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
 * the order stable for admins reading explanations.
 */
export const EXCLUSION_REASONS = [
  'other_account',
  'not_in_team',
  'pending',
  'offline',
  'paused',
  'not_visible',
  'at_capacity',
] as const;
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
  /** The conversation's team as it was decided (null = no team): "not in team Sales" names it. */
  teamId: string | null;
  /** Candidates filtered out, grouped by reason (ids appear once: explanations are stored per assignment). */
  excluded: Partial<Record<ExclusionReason, string[]>>;
  /** Ongoing and capacity of each candidate excluded at capacity, for "at capacity, 5 of 5". */
  atCapacity: Record<string, { ongoing: number; capacity: number }>;
  /** Eligible candidates, winner first, with the numbers the selector compared. */
  ranked: RankedCandidate[];
}

export type Decision =
  { kind: 'assigned'; agentId: string; explanation: Explanation } | { kind: 'unassigned'; explanation: Explanation };

/**
 * The stored form of one automatic decision. Listing every candidate per assignment made the history
 * O(agents) per conversation (10,000 agents × 500 assignments per batch stalled routing), so a decision
 * keeps what an admin reads first (winner, runners-up with their numbers, how many were excluded for each
 * reason) and points at the batch snapshot it was decided on: `explainReplayed` rebuilds the full list.
 */
export interface CompactExplanation {
  strategy: RoutingStrategy;
  owner: Explanation['owner'];
  /** The conversation as it was decided (its team may change later). */
  teamId: string | null;
  contactOwnerId: string | null;
  /** [agentId, ongoing, capacity, lastAssignedAt] before this assignment. */
  chosen: [string, number, number | null, number | null];
  /** The best few losers, best first: [agentId, result, ongoing, capacity, lastAssignedAt]. */
  runnersUp: Array<[string, LossReason, number, number | null, number | null]>;
  eligible: number;
  excluded: Partial<Record<ExclusionReason, number>>;
  /** Set by the router once the batch snapshot is stored: which snapshot, and the position in its batch. */
  snapshotId?: string;
  seq?: number;
}

export type BatchDecisionResult =
  | { kind: 'assigned'; agentId: string; explanation: CompactExplanation }
  | { kind: 'unassigned'; explanation: Omit<CompactExplanation, 'chosen'> };

export interface BatchDecision {
  conversationId: string;
  decision: BatchDecisionResult;
  /** The stamp written to the winner's lastAssignedAt (absent when unassigned). */
  assignedAt?: number;
}

export interface BatchResult {
  decisions: BatchDecision[];
  /** The snapshot after the batch: what the ledger must look like once the assignments commit. */
  agents: AgentSnapshot[];
}
