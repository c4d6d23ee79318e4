import type {
  AgentCapacityUpdate,
  AgentLoadBatch,
  AgentPresenceUpdate,
  AvailabilityStatus,
  LoadBoard,
  LoadBoardAgent,
  QueueCounts,
} from '@switchboard/client-sdk';

/** What the socket tells the board, in the order it arrived; applied in batches (one per animation frame). */
export type BoardEvent =
  | { type: 'agent.load'; payload: AgentLoadBatch }
  | { type: 'agent.presence'; payload: AgentPresenceUpdate }
  | { type: 'agent.capacity'; payload: AgentCapacityUpdate }
  | { type: 'queue.counts'; payload: QueueCounts }
  | { type: 'assigned'; at: string };

/** The rate counts the assignments of this many seconds. */
const WINDOW_S = 60;

const indexes = new WeakMap<readonly LoadBoardAgent[], Map<string, number>>();
function indexOf(agents: readonly LoadBoardAgent[]): Map<string, number> {
  let index = indexes.get(agents);
  if (!index) {
    index = new Map(agents.map((a, i) => [a.id, i]));
    indexes.set(agents, index);
  }
  return index;
}

export const presenceOf = (p: Pick<AgentPresenceUpdate, 'connected' | 'available'>): AvailabilityStatus =>
  p.available ? 'available' : p.connected ? 'paused' : 'offline';

/**
 * Applies a batch of socket events to the board, copying only what changed: agents untouched by the batch keep
 * their object, so their rows do not re-render. Events stamped before the board was read are already in it and
 * are skipped. `missing`: an event named an agent the board does not list (newly activated): read it again.
 */
export function applyBoardEvents(
  board: LoadBoard,
  events: readonly BoardEvent[],
  nowMs: number,
): { board: LoadBoard; missing: boolean } {
  const readAt = Date.parse(board.at);
  const index = indexOf(board.agents);
  let agents: LoadBoardAgent[] | null = null;
  let missing = false;
  const patch = (id: string, change: (a: LoadBoardAgent) => LoadBoardAgent) => {
    const i = index.get(id);
    if (i === undefined) return void (missing = true);
    const list = (agents ??= board.agents.slice());
    const next = change(list[i]);
    if (next !== list[i]) list[i] = next;
  };
  let queue = board.queue;
  let recent: Map<number, number> | null = null;

  for (const e of events) {
    if (e.type === 'assigned') {
      const at = Date.parse(e.at);
      if (at <= readAt) continue;
      recent ??= new Map(board.recentAssignments);
      const s = Math.floor(at / 1000);
      recent.set(s, (recent.get(s) ?? 0) + 1);
      continue;
    }
    if (Date.parse(e.payload.at) < readAt) continue;
    switch (e.type) {
      case 'agent.load':
        for (const u of e.payload.agents)
          patch(u.userId, (a) =>
            a.ongoing === u.ongoing && a.capacity === u.capacity
              ? a
              : { ...a, ongoing: u.ongoing, capacity: u.capacity },
          );
        break;
      case 'agent.capacity':
        patch(e.payload.userId, (a) =>
          a.capacity === e.payload.capacity ? a : { ...a, capacity: e.payload.capacity },
        );
        break;
      case 'agent.presence': {
        const presence = presenceOf(e.payload);
        patch(e.payload.userId, (a) =>
          a.presence === presence && a.presenceSince !== null ? a : { ...a, presence, presenceSince: e.payload.since },
        );
        break;
      }
      case 'queue.counts':
        if (e.payload.at >= queue.at) queue = e.payload;
        break;
    }
  }

  const oldest = Math.floor(nowMs / 1000) - WINDOW_S;
  const buckets = recent ? [...recent] : board.recentAssignments;
  const recentAssignments = buckets.some(([s]) => s <= oldest) ? buckets.filter(([s]) => s > oldest) : buckets;
  const changed = agents !== null || queue !== board.queue || recentAssignments !== board.recentAssignments;
  return {
    board: changed ? { ...board, agents: agents ?? board.agents, queue, recentAssignments } : board,
    missing,
  };
}

/** Assignments of the last minute, from the per-second buckets. */
export function assignmentsPerMinute(board: Pick<LoadBoard, 'recentAssignments'>, nowMs: number): number {
  const oldest = Math.floor(nowMs / 1000) - WINDOW_S;
  let n = 0;
  for (const [s, count] of board.recentAssignments) if (s > oldest) n += count;
  return n;
}
