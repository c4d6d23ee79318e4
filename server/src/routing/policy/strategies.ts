/** The strategies: how the eligible candidates are ordered, and why each loser lost. */
import type { AgentSnapshot, LossReason, RandomSource, RankedCandidate, RoutingStrategy } from './types.js';

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
export const idleOrder = (x: number | null, y: number | null) =>
  x === y ? 0 : x === null ? -1 : y === null ? 1 : x - y;

function compareBalanced(caps: Map<string, number>) {
  return (a: AgentSnapshot, b: AgentSnapshot) => {
    // Cross-multiplied so equal ratios compare equal without floating point.
    const byRatio = a.ongoing * caps.get(b.id)! - b.ongoing * caps.get(a.id)!;
    return byRatio !== 0 ? byRatio : idleOrder(a.lastAssignedAt, b.lastAssignedAt);
  };
}

const compareRoundRobin = (a: AgentSnapshot, b: AgentSnapshot) => idleOrder(a.lastAssignedAt, b.lastAssignedAt);

/** Picks the winner among the `tied` best candidates (in order); returns its index. */
export type TiePick = (tied: AgentSnapshot[]) => number;

export const randomTie =
  (random: RandomSource): TiePick =>
  (tied) =>
    tied.length > 1 ? Math.min(tied.length - 1, Math.floor(random() * tied.length)) : 0;

export function select(eligible: AgentSnapshot[], strategy: RoutingStrategy, pickTie: TiePick): RankedCandidate[] {
  const caps = strategy === 'balanced' ? effectiveCapacities(eligible) : undefined;
  const cmp = caps ? compareBalanced(caps) : compareRoundRobin;
  const sorted = [...eligible].sort(cmp);
  let tied = 1;
  while (tied < sorted.length && cmp(sorted[0], sorted[tied]) === 0) tied++;
  const pick = pickTie(sorted.slice(0, tied));
  if (pick < 0) throw new Error('the recorded winner is not among the best candidates of the replayed snapshot');
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
