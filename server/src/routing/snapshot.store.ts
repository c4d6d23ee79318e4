import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../db/entities/user.entity.js';
import type { AgentSnapshot, CompactExplanation, Decision, OwnerFallback } from './policy/index.js';
import { explainReplayed } from './policy/index.js';
import { boundQuery } from './sql.js';

/**
 * Batch snapshots (routing_snapshots) and the explanation reader built on them.
 *
 * Why replay instead of storing each explanation in full: a full explanation lists every candidate, so
 * with 10,000 agents a 500-conversation batch wrote 5 million entries and routing stalled. A batch's
 * decisions all start from the same snapshot, so it is stored once, with the batch's assignments in
 * order; each assignment event keeps a compact record (winner, runners-up, counts per exclusion reason,
 * the conversation's team and owner at decision time) plus its snapshot id and position. The reader
 * rebuilds the state just before decision `seq` (snapshot + the `seq` earlier assignments) and runs the
 * pure decision with the recorded winner: the same reasons, for every candidate, as when it was decided.
 */

interface StoredSnapshot {
  v: 1;
  ownerFallback: OwnerFallback;
  teams: string[];
  /** [id, role, active, connected, paused, capacity, ongoing, lastAssignedAt, team indexes]: positional, as it is O(agents). */
  agents: Array<[string, Role, 0 | 1, 0 | 1, 0 | 1, number | null, number, number | null, number[]]>;
  /** [agent index, stamp] per assignment of the batch, in decision order. */
  assigned: Array<[number, number]>;
}

export async function insertSnapshot(
  em: EntityManager,
  s: {
    id: string;
    accountId: string;
    ownerFallback: OwnerFallback;
    agents: readonly AgentSnapshot[];
    assigned: Array<{ agentId: string; at: number }>;
  },
): Promise<void> {
  const teams = new Map<string, number>();
  const index = new Map<string, number>();
  const agents = s.agents.map((a, i): StoredSnapshot['agents'][number] => {
    index.set(a.id, i);
    const t = a.teamIds.map((id) => teams.get(id) ?? (teams.set(id, teams.size), teams.size - 1));
    return [
      a.id,
      a.role,
      a.status === 'active' ? 1 : 0,
      a.connected ? 1 : 0,
      a.paused ? 1 : 0,
      a.capacity,
      a.ongoing,
      a.lastAssignedAt,
      t,
    ];
  });
  const body: StoredSnapshot = {
    v: 1,
    ownerFallback: s.ownerFallback,
    teams: [...teams.keys()],
    agents,
    assigned: s.assigned.map((x) => [index.get(x.agentId)!, x.at]),
  };
  await boundQuery(
    em,
    `insert into routing_snapshots (id, account_id, created_at, agents) values (?, ?, now(), ?::json)`,
    [s.id, s.accountId, JSON.stringify(body)],
  );
}

function decode(accountId: string, s: StoredSnapshot) {
  const agents: AgentSnapshot[] = s.agents.map(([id, role, active, connected, paused, capacity, ongoing, last, t]) => ({
    id,
    accountId,
    role,
    status: active ? 'active' : 'pending',
    connected: connected === 1,
    paused: paused === 1,
    capacity,
    ongoing,
    lastAssignedAt: last,
    teamIds: t.map((i) => s.teams[i]),
  }));
  return {
    agents,
    ownerFallback: s.ownerFallback,
    assigned: s.assigned.map(([i, at]) => ({ agentId: agents[i].id, at })),
  };
}

const isCompact = (e: unknown): e is CompactExplanation & { snapshotId: string; seq: number } =>
  typeof e === 'object' && e !== null && typeof (e as CompactExplanation).snapshotId === 'string';

/** The readable explanation of a replayed decision, with the compact record it was rebuilt from. */
export type ReplayedExplanation = Decision['explanation'] & { record: CompactExplanation };

/**
 * Expands the explanations of assignment events (rows with `explanation` and `conversationId`), loading
 * each referenced snapshot once. Events stored without a snapshot (manual actions, older rows) pass through.
 */
export async function explainEvents<T extends { explanation: unknown; conversationId: string }>(
  em: EntityManager,
  accountId: string,
  rows: T[],
): Promise<T[]> {
  const ids = [
    ...new Set(
      rows
        .map((r) => r.explanation)
        .filter(isCompact)
        .map((e) => e.snapshotId),
    ),
  ];
  if (!ids.length) return rows;
  const snaps = new Map<string, ReturnType<typeof decode>>();
  for (let i = 0; i < ids.length; i += 200) {
    const { rows: found } = await boundQuery<{ id: string; agents: StoredSnapshot }>(
      em,
      `select id, agents from routing_snapshots where account_id = ? and id = any(?::uuid[])`,
      [accountId, `{${ids.slice(i, i + 200).join(',')}}`],
    );
    for (const f of found) snaps.set(f.id, decode(accountId, f.agents));
  }
  return rows.map((r) => {
    const e = r.explanation;
    if (!isCompact(e)) return r;
    const snap = snaps.get(e.snapshotId);
    if (!snap) return r; // pruned: the compact record is all there is
    const d = explainReplayed(
      snap.agents,
      snap.assigned.slice(0, e.seq),
      { id: r.conversationId, accountId, teamId: e.teamId, priority: 0, contactOwnerId: e.contactOwnerId },
      { strategy: e.strategy, ownerFallback: snap.ownerFallback },
      e.chosen[0],
    );
    const explanation: ReplayedExplanation = { ...d.explanation, record: e };
    return { ...r, explanation };
  });
}
