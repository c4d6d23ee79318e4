/** Rebuilding the full explanation of a stored batch decision, through the same `decideWith` as `decide`. */
import { decideWith } from './decide.js';
import { ASSIGNMENT_GRANTS_VISIBILITY, type VisibilityRule } from './eligibility.js';
import type {
  AgentSnapshot,
  BatchResult,
  ConversationToRoute,
  Decision,
  ExclusionReason,
  Explanation,
  LossReason,
  RoutingSettings,
} from './types.js';

/**
 * The full explanation of one batch decision, rebuilt from the snapshot the batch started from and the
 * assignments made before it in the same batch (in order). The winner is given, so the random tie-break
 * is not replayed: whoever was exactly tied with it is reported as 'lost_on_random'. Throws when the
 * recorded winner could not have won on that snapshot, which would mean the record does not match it.
 */
export function explainReplayed(
  snapshot: readonly AgentSnapshot[],
  before: ReadonlyArray<{ agentId: string; at: number }>,
  conversation: ConversationToRoute,
  settings: RoutingSettings,
  chosen: string | null,
  visibility: VisibilityRule = ASSIGNMENT_GRANTS_VISIBILITY,
): Decision {
  const state = new Map(snapshot.map((a) => [a.id, { ...a }]));
  for (const b of before) {
    const a = state.get(b.agentId);
    if (a) {
      a.ongoing += 1;
      a.lastAssignedAt = b.at;
    }
  }
  const pickRecorded = (tied: AgentSnapshot[]) => (chosen === null ? 0 : tied.findIndex((a) => a.id === chosen));
  const d = decideWith([...state.values()], conversation, settings, pickRecorded, visibility);
  if ((d.kind === 'assigned' ? d.agentId : null) !== chosen)
    throw new Error(
      `replayed decision differs from the record (${chosen} vs ${d.kind === 'assigned' ? d.agentId : 'unassigned'})`,
    );
  return d;
}

/** The reason the explanation gives for one candidate: 'chosen', an exclusion or a loss; undefined if absent. */
export function reasonFor(e: Explanation, agentId: string): 'chosen' | ExclusionReason | LossReason | undefined {
  const ranked = e.ranked.find((r) => r.agentId === agentId);
  if (ranked) return ranked.result;
  for (const [reason, ids] of Object.entries(e.excluded)) if (ids?.includes(agentId)) return reason as ExclusionReason;
  return undefined;
}

/** The full explanation of decision `i` of a `decideBatch` result (what the history reader does from storage). */
export function explainBatchDecision(
  snapshot: readonly AgentSnapshot[],
  conversations: readonly ConversationToRoute[],
  settings: RoutingSettings,
  result: BatchResult,
  i: number,
  visibility: VisibilityRule = ASSIGNMENT_GRANTS_VISIBILITY,
): Decision {
  const before = result.decisions
    .slice(0, i)
    .flatMap((d) => (d.decision.kind === 'assigned' ? [{ agentId: d.decision.agentId, at: d.assignedAt! }] : []));
  const d = result.decisions[i].decision;
  return explainReplayed(
    snapshot,
    before,
    conversations[i],
    settings,
    d.kind === 'assigned' ? d.agentId : null,
    visibility,
  );
}
