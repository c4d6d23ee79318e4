import type { AgentSnapshot, ConversationToRoute, ExclusionReason } from './types.js';

/**
 * Who may take a conversation, written once: `decide`, the BatchDecider and the replay all answer with
 * these predicates, so an explanation never disagrees with the decision it explains. Each predicate is
 * named as the question it answers and returns the reason to exclude, or null. The order of
 * `exclusionReason` is the order of EXCLUSION_REASONS (see docs/routing.md).
 */

export function isSameAccount(a: AgentSnapshot, c: ConversationToRoute): ExclusionReason | null {
  return a.accountId === c.accountId ? null : 'other_account';
}

export function isInTeam(a: AgentSnapshot, c: ConversationToRoute): ExclusionReason | null {
  return c.teamId === null || a.teamIds.includes(c.teamId) ? null : 'not_in_team';
}

export function isActive(a: AgentSnapshot): ExclusionReason | null {
  return a.status === 'active' ? null : 'pending';
}

export function isAvailable(a: AgentSnapshot): ExclusionReason | null {
  if (!a.connected) return 'offline';
  return a.paused ? 'paused' : null;
}

/**
 * May the agent see the conversation once it is assigned to them? Every role sees the conversations
 * assigned to it (Sale sees "those assigned to them or whose contact they own", core/permissions.ts), so the
 * assignment itself grants visibility and the default rule excludes nobody. The rule is a parameter so a
 * role that cannot see some conversations (a channel-restricted role, say) is excluded in this one place.
 *
 * `restricted` says whether an agent's visibility can depend on the conversation at all: the batch path
 * checks only restricted agents per conversation, so the common case costs nothing per decision.
 */
export interface VisibilityRule {
  restricted(a: AgentSnapshot): boolean;
  sees(a: AgentSnapshot, c: ConversationToRoute): boolean;
}

export const ASSIGNMENT_GRANTS_VISIBILITY: VisibilityRule = { restricted: () => false, sees: () => true };

export function canSeeOnceAssigned(
  a: AgentSnapshot,
  c: ConversationToRoute,
  rule: VisibilityRule = ASSIGNMENT_GRANTS_VISIBILITY,
): ExclusionReason | null {
  return !rule.restricted(a) || rule.sees(a, c) ? null : 'not_visible';
}

/** Capacity 0 receives nothing automatically; null is unlimited; lowering capacity revokes nothing. */
export function hasFreeSlot(a: Pick<AgentSnapshot, 'capacity' | 'ongoing'>): boolean {
  return a.capacity === null || a.ongoing < a.capacity;
}

/** The facts that hold for a whole batch: they depend on the agent only, not on the conversation. */
export function isActiveAndAvailable(a: AgentSnapshot): ExclusionReason | null {
  return isActive(a) ?? isAvailable(a);
}

/** The first filter the agent fails for this conversation, or null when they may take it. */
export function exclusionReason(
  a: AgentSnapshot,
  c: ConversationToRoute,
  rule: VisibilityRule = ASSIGNMENT_GRANTS_VISIBILITY,
): ExclusionReason | null {
  return (
    isSameAccount(a, c) ??
    isInTeam(a, c) ??
    isActiveAndAvailable(a) ??
    canSeeOnceAssigned(a, c, rule) ??
    (hasFreeSlot(a) ? null : 'at_capacity')
  );
}
