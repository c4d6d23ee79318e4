/**
 * Routing explanations as sentences a person reads ("Ana: at capacity, 5 of 5"). Defined once here so the API's
 * explanations and every client (the console's "why this agent", an integrator's own app) share one wording.
 * Pure functions of the GET /conversations/{id}/routing answer and a name lookup.
 */
import type { RoutingHistory, RoutingHistoryEvent } from './api-types.js';
import {
  EXCLUSION_REASONS,
  type CompactExplanation,
  type ExclusionReason,
  type FullExplanation,
  type LossReason,
  type RoutingDecision,
  type RoutingExplanation,
} from './schemas/explanations.js';

/** Names the caller may see: user id → name, team id → name. An id missing here reads as "an agent". */
export interface Names {
  users?: Readonly<Record<string, string>>;
  teams?: Readonly<Record<string, string>>;
}

export interface ExplainOptions {
  /** At most this many candidate sentences (10,000 agents make 10,000 candidates). @default 25 */
  limit?: number;
}

export interface Explained {
  /** The decision in one sentence: "Assigned to Ana: fewest ongoing (2 of 5)", "Nobody available: 3 offline". */
  summary: string;
  /** One sentence per other candidate: the runners-up first, then the excluded, closest to taking it first. */
  candidates: string[];
  /** Candidates left out of `candidates` by the limit. */
  more: number;
}

export interface ExplainedEvent extends Explained {
  id: string;
  at: string;
  kind: string;
}

const DEFAULT_LIMIT = 25;
/**
 * The order candidates are listed in: those who nearly could take it first (a free slot away, back from a pause),
 * those who never could last, so a capped list keeps the telling ones. Summaries count in the filters' order.
 */
const CLOSEST_FIRST: readonly ExclusionReason[] = [
  'at_capacity',
  'paused',
  'offline',
  'not_visible',
  'pending',
  'not_in_team',
  'other_account',
];
const UNKNOWN = 'an agent';

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const person = (names: Names, id: string | null, snapshot?: string | null) =>
  (id !== null ? names.users?.[id] : undefined) ?? snapshot ?? UNKNOWN;
/** A name opening a sentence: the fallback is capitalised, a real name is left as its owner writes it. */
const Person = (names: Names, id: string | null, snapshot?: string | null) => {
  const n = person(names, id, snapshot);
  return n === UNKNOWN ? capitalized(n) : n;
};
const teamName = (names: Names, id: string | null) => (id !== null ? names.teams?.[id] : undefined);

/** "2 of 5", or "2 ongoing, no limit" for unlimited capacity. */
export function loadText(ongoing: number, capacity: number | null): string {
  return capacity === null ? `${ongoing} ongoing, no limit` : `${ongoing} of ${capacity}`;
}

/** Why one candidate was filtered out, without the name: "at capacity, 5 of 5", "not in team Sales". */
export function exclusionText(
  reason: ExclusionReason,
  agentId: string,
  e: Pick<FullExplanation, 'teamId'> & { atCapacity?: FullExplanation['atCapacity'] },
  names: Names = {},
): string {
  switch (reason) {
    case 'other_account':
      return 'not in this account';
    case 'not_in_team': {
      const team = teamName(names, e.teamId);
      return team ? `not in team ${team}` : "not in the conversation's team";
    }
    case 'pending':
      return 'has not accepted the invitation yet';
    case 'offline':
      return 'offline';
    case 'paused':
      return 'paused';
    case 'not_visible':
      return 'may not see this conversation';
    case 'at_capacity': {
      const n = e.atCapacity?.[agentId];
      return n ? `at capacity, ${loadText(n.ongoing, n.capacity)}` : 'at capacity';
    }
  }
}

/** Why an eligible candidate did not win, without the name: "busier, 3 of 5". */
export function lossText(result: LossReason, ongoing: number, capacity: number | null): string {
  const load = loadText(ongoing, capacity);
  switch (result) {
    case 'lost_on_ratio':
      return `busier, ${load}`;
    case 'lost_on_idle':
      return `as busy (${load}) but assigned more recently`;
    case 'lost_on_rotation':
      return `assigned more recently (${load})`;
    case 'lost_on_random':
      return `tied (${load}), lost the draw`;
    case 'not_owner':
      return `not the contact's owner (${load})`;
    case 'waiting_for_owner':
      return `could take it (${load}), but it waits for the contact's owner`;
  }
}

/** How many candidates one filter removed: "3 offline", "2 not in team Sales". */
function countText(reason: ExclusionReason, n: number, team: string | undefined): string {
  switch (reason) {
    case 'other_account':
      return `${n} in another account`;
    case 'not_in_team':
      return team ? `${n} not in team ${team}` : `${n} not in the conversation's team`;
    case 'pending':
      return `${n} not activated yet`;
    case 'offline':
      return `${n} offline`;
    case 'paused':
      return `${n} paused`;
    case 'not_visible':
      return `${n} may not see it`;
    case 'at_capacity':
      return `${n} at capacity`;
  }
}

interface Candidate {
  agentId: string;
  ongoing: number;
  capacity: number | null;
}
interface Rival extends Candidate {
  result: LossReason;
}

/** Why the winner won: "fewest ongoing (2 of 5)". `rivals` are the losers the explanation kept, best first. */
function winnerText(
  strategy: FullExplanation['strategy'],
  owner: FullExplanation['owner'],
  chosen: Candidate,
  rivals: readonly Rival[],
  eligible: number,
): string {
  const load = loadText(chosen.ongoing, chosen.capacity);
  if (owner?.rule === 'owner_first' && owner.ownerId === chosen.agentId) return `the contact's owner (${load})`;
  if (eligible <= 1) return `the only one who could take it (${load})`;
  const tie = rivals[0]?.result;
  if (strategy === 'round_robin')
    return tie === 'lost_on_random'
      ? `next in turn, won a draw among equals (${load})`
      : `next in turn, longest since a last assignment (${load})`;
  const fewest = rivals.every((r) => r.ongoing >= chosen.ongoing);
  const why = fewest ? 'fewest ongoing' : 'lowest load for their capacity';
  const suffix =
    tie === 'lost_on_idle' ? ', longest since a last assignment' : tie === 'lost_on_random' ? ', won a draw' : '';
  return `${why} (${load})${suffix}`;
}

function limited(all: string[], limit: number): Pick<Explained, 'candidates' | 'more'> {
  return { candidates: all.slice(0, limit), more: Math.max(0, all.length - limit) };
}

function explainFull(
  e: FullExplanation,
  chosenId: string | null,
  names: Names,
  limit: number,
  verb: string,
): Explained {
  const chosen = chosenId === null ? undefined : e.ranked.find((r) => r.agentId === chosenId);
  const rivals = e.ranked.filter((r): r is typeof r & { result: LossReason } => r.result !== 'chosen');
  const lines = rivals.map((r) => `${Person(names, r.agentId)}: ${lossText(r.result, r.ongoing, r.capacity)}`);
  for (const reason of CLOSEST_FIRST)
    for (const id of e.excluded[reason] ?? [])
      lines.push(`${Person(names, id)}: ${exclusionText(reason, id, e, names)}`);
  if (chosen) {
    const why = winnerText(e.strategy, e.owner, chosen, rivals, e.ranked.length);
    return { summary: `${verb} ${person(names, chosen.agentId)}: ${why}`, ...limited(lines, limit) };
  }
  // A winner the explanation does not rank would mean the record and its snapshot disagree: say only who.
  if (chosenId !== null) return { summary: `${verb} ${person(names, chosenId)}`, ...limited(lines, limit) };
  return { summary: waitingText(e, names), ...limited(lines, limit) };
}

function waitingText(e: FullExplanation, names: Names): string {
  if (e.owner && e.owner.rule === 'wait' && !e.owner.eligible) {
    const ownerId = e.owner.ownerId;
    const reason = EXCLUSION_REASONS.find((r) => e.excluded[r]?.includes(ownerId));
    const why = reason ? exclusionText(reason, ownerId, e, names) : 'not an agent of this account';
    return `Waiting for ${person(names, ownerId)}, the contact's owner: ${why}`;
  }
  const team = teamName(names, e.teamId);
  const counts = EXCLUSION_REASONS.flatMap((r) => {
    const n = e.excluded[r]?.length ?? 0;
    return n ? [countText(r, n, team)] : [];
  });
  return `Nobody available: ${counts.length ? counts.join(', ') : 'no agents to consider'}`;
}

/** A decision whose batch snapshot was pruned: the winner, the best few losers and counts are all there is. */
function explainCompact(e: CompactExplanation, names: Names, limit: number): Explained {
  const team = teamName(names, e.teamId);
  const rivals: Rival[] = e.runnersUp.map(([agentId, result, ongoing, capacity]) => ({
    agentId,
    result,
    ongoing,
    capacity,
  }));
  const lines = rivals.map((r) => `${Person(names, r.agentId)}: ${lossText(r.result, r.ongoing, r.capacity)}`);
  const unnamed = e.eligible - 1 - rivals.length;
  if (unnamed > 0) lines.push(`${unnamed} more could have taken it`);
  const counts = EXCLUSION_REASONS.flatMap((r) => (e.excluded[r] ? [countText(r, e.excluded[r], team)] : []));
  if (counts.length) lines.push(`Not considered: ${counts.join(', ')}`);
  if (!e.chosen)
    return { summary: `Nobody available: ${counts.join(', ') || 'no agents to consider'}`, ...limited(lines, limit) };
  const [agentId, ongoing, capacity] = e.chosen;
  const why = winnerText(e.strategy, e.owner, { agentId, ongoing, capacity }, rivals, e.eligible);
  return { summary: `Assigned to ${person(names, agentId)}: ${why}`, ...limited(lines, limit) };
}

const isFull = (e: RoutingExplanation): e is FullExplanation => 'ranked' in e;
const isCompact = (e: RoutingExplanation): e is CompactExplanation => 'runnersUp' in e;

/**
 * What routing would decide now for a waiting conversation (`current` of the routing answer):
 * "Nobody available: 3 offline, 2 at capacity", or "Would go to Ana: …" when an agent has just become free.
 */
export function explainDecision(d: RoutingDecision, names: Names = {}, opts: ExplainOptions = {}): Explained {
  const limit = opts.limit ?? DEFAULT_LIMIT;
  return explainFull(d.explanation, d.kind === 'assigned' ? d.agentId : null, names, limit, 'Would go to');
}

/** One assignment event of the history as sentences: who did what, and for automatic routing, why. */
export function explainEvent(ev: RoutingHistoryEvent, names: Names = {}, opts: ExplainOptions = {}): Explained {
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const none = { candidates: [], more: 0 };
  const actor = ev.actorUserId === null ? 'Routing' : Person(names, ev.actorUserId, ev.actorName);
  const to = person(names, ev.toUserId, ev.toUserName);
  const from = person(names, ev.fromUserId, ev.fromUserName);
  const team = teamName(names, ev.toTeamId) ?? 'another team';
  const e = ev.explanation;
  const load = e && 'manual' in e ? ` (${loadText(e.ongoing, e.capacity)})` : '';
  switch (ev.kind) {
    case 'auto':
      if (e && isFull(e)) return explainFull(e, ev.toUserId, names, limit, 'Assigned to');
      if (e && isCompact(e)) return explainCompact(e, names, limit);
      return { summary: `Assigned to ${to} by routing`, ...none };
    case 'pick':
      return { summary: `${Person(names, ev.toUserId, ev.toUserName)} picked it from Unassigned${load}`, ...none };
    case 'assign': {
      const override = ev.capacityOverride ? ', over capacity by override' : '';
      return { summary: `${actor} assigned it to ${to}${load}${override}`, ...none };
    }
    case 'transfer': {
      const origin = ev.fromUserId === null ? '' : ` from ${from}`;
      if (ev.toUserId === null) return { summary: `${actor} transferred it${origin} to team ${team}`, ...none };
      const inTeam = ev.toTeamId === null ? '' : ` in team ${team}`;
      return { summary: `${actor} transferred it${origin} to ${to}${inTeam}${load}`, ...none };
    }
    case 'unassign':
      return { summary: `${actor} returned it to Unassigned`, ...none };
    case 'resolve':
      return { summary: `${actor} resolved it`, ...none };
    case 'reopen':
      return { summary: `${actor} reopened it`, ...none };
    case 'requeue':
      return { summary: `Back to Unassigned from ${from}: ${ev.reason}`, ...none };
    case 'unroutable':
      return { summary: `Could not be routed: ${ev.reason}`, ...none };
    default:
      return { summary: `${capitalized(ev.kind)}: ${ev.reason}`, ...none };
  }
}

/** The whole routing answer as sentences, oldest event first; names default to the ones the answer carries. */
export function explainHistory(
  h: RoutingHistory,
  names: Names = h.names,
  opts: ExplainOptions = {},
): { events: ExplainedEvent[]; current: Explained | null } {
  return {
    events: h.events.map((ev) => ({ id: ev.id, at: ev.at, kind: ev.kind, ...explainEvent(ev, names, opts) })),
    current: h.current ? explainDecision(h.current, names, opts) : null,
  };
}
