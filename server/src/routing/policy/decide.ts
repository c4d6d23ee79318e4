/** The decision for one conversation with the full explanation: every candidate, excluded or ranked. */
import { ASSIGNMENT_GRANTS_VISIBILITY, exclusionReason, type VisibilityRule } from './eligibility.js';
import { randomTie, select, type TiePick } from './strategies.js';
import type {
  AgentSnapshot,
  ConversationToRoute,
  Decision,
  Explanation,
  LossReason,
  RandomSource,
  RankedCandidate,
  RoutingSettings,
} from './types.js';

function rankedAsLosers(eligible: AgentSnapshot[], result: LossReason): RankedCandidate[] {
  return eligible.map((a) => ({
    agentId: a.id,
    ongoing: a.ongoing,
    capacity: a.capacity,
    lastAssignedAt: a.lastAssignedAt,
    result,
  }));
}

/**
 * Decides one conversation against a snapshot, listing every candidate: O(agents log agents). Used for a
 * single question ("why does this one wait?") and to rebuild a stored batch decision (`explainReplayed`);
 * batches go through `BatchDecider`, whose cost per decision does not grow with the number of agents.
 */
export function decide(
  agents: readonly AgentSnapshot[],
  conversation: ConversationToRoute,
  settings: RoutingSettings,
  random: RandomSource,
  visibility: VisibilityRule = ASSIGNMENT_GRANTS_VISIBILITY,
): Decision {
  return decideWith(agents, conversation, settings, randomTie(random), visibility);
}

export function decideWith(
  agents: readonly AgentSnapshot[],
  conversation: ConversationToRoute,
  settings: RoutingSettings,
  pickTie: TiePick,
  visibility: VisibilityRule,
): Decision {
  const excluded: Explanation['excluded'] = {};
  const atCapacity: Explanation['atCapacity'] = {};
  const eligible: AgentSnapshot[] = [];
  for (const a of agents) {
    const reason = exclusionReason(a, conversation, visibility);
    if (reason) (excluded[reason] ??= []).push(a.id);
    else eligible.push(a);
    // Only a finite capacity can be reached; the check keeps the type honest.
    if (reason === 'at_capacity' && a.capacity !== null)
      atCapacity[a.id] = { ongoing: a.ongoing, capacity: a.capacity };
  }
  const base = { strategy: settings.strategy, teamId: conversation.teamId, excluded, atCapacity };
  const ownerId = conversation.contactOwnerId;
  if (ownerId !== null) {
    const owner = eligible.find((a) => a.id === ownerId);
    if (owner) {
      const others = rankedAsLosers(
        eligible.filter((a) => a !== owner),
        'not_owner',
      );
      const ranked = [
        {
          agentId: owner.id,
          ongoing: owner.ongoing,
          capacity: owner.capacity,
          lastAssignedAt: owner.lastAssignedAt,
          result: 'chosen' as const,
        },
        ...others,
      ];
      return {
        kind: 'assigned',
        agentId: owner.id,
        explanation: { ...base, owner: { ownerId, eligible: true, rule: 'owner_first' }, ranked },
      };
    }
    if (settings.ownerFallback === 'wait') {
      return {
        kind: 'unassigned',
        explanation: {
          ...base,
          owner: { ownerId, eligible: false, rule: 'wait' },
          ranked: rankedAsLosers(eligible, 'waiting_for_owner'),
        },
      };
    }
  }
  const owner: Explanation['owner'] = ownerId === null ? null : { ownerId, eligible: false, rule: 'pool' };
  if (eligible.length === 0) return { kind: 'unassigned', explanation: { ...base, owner, ranked: [] } };
  const ranked = select(eligible, settings.strategy, pickTie);
  return { kind: 'assigned', agentId: ranked[0].agentId, explanation: { ...base, owner, ranked } };
}
