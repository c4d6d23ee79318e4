import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../core/errors.js';
import type { AssignmentKind } from '../db/entities/assignment-event.entity.js';
import { isoSql } from '../db/conversation-summary.js';
import { boundQuery } from './sql.js';
import type { NewRealtimeEvent, StoredRealtimeEvent } from '../realtime/event-log.js';

/**
 * Set-based writes of the claim. Each takes many rows as ONE json parameter (json_to_recordset), so a
 * batch of 500 assignments is a handful of statements whatever its size. Callers hold the account lock.
 */

/**
 * The database refused a claim the snapshot allowed (a row moved under us despite the lock). A domain
 * conflict, so REST and socket callers get 409 `conflict` and may retry; the routing worker retries the job.
 */
export class ClaimConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export interface ClaimRow {
  conversationId: string;
  agentId: string;
}

/**
 * Unassigned → assigned. The status guard and the row count check are a second line of defence behind
 * the account lock: if any row changed under us, the whole transaction rolls back.
 */
export async function claimUnassigned(em: EntityManager, accountId: string, rows: ClaimRow[]): Promise<void> {
  if (!rows.length) return;
  const res = await boundQuery(
    em,
    `update conversations c set status = 'assigned', assignee_id = v.agent_id, assigned_at = now()
     from json_to_recordset(?::json) as v(id uuid, agent_id uuid)
     where c.id = v.id and c.account_id = ? and c.status = 'unassigned'`,
    [JSON.stringify(rows.map((r) => ({ id: r.conversationId, agent_id: r.agentId }))), accountId],
  );
  if (res.rowCount !== rows.length)
    throw new ClaimConflictError('A conversation left Unassigned during the claim; try again');
}

export interface LoadDelta {
  userId: string;
  delta: number;
  /** Epoch µs; set only when the user received a conversation. */
  lastAssignedAt?: number;
  /** Gains are checked against capacity unless an authorised person overrode it. */
  enforceCapacity: boolean;
}

/**
 * Moves the capacity ledger. A gain that would push an agent over their current capacity fails the
 * transaction: the decision was made on a snapshot, the database has the last word.
 */
export async function adjustLoads(em: EntityManager, accountId: string, deltas: LoadDelta[]): Promise<void> {
  const rows = deltas.filter((d) => d.delta !== 0 || d.lastAssignedAt !== undefined);
  if (!rows.length) return;
  const res = await boundQuery(
    em,
    `update agent_loads l
     set ongoing = l.ongoing + v.delta,
         last_assigned_at = coalesce(timestamptz 'epoch' + v.last_us * interval '1 microsecond', l.last_assigned_at)
     from json_to_recordset(?::json) as v(user_id uuid, delta int, last_us bigint, enforce boolean), users u
     where l.user_id = v.user_id and l.account_id = ? and u.id = l.user_id
       and (v.delta <= 0 or not v.enforce or u.capacity is null or l.ongoing + v.delta <= u.capacity)`,
    [
      JSON.stringify(
        rows.map((d) => ({
          user_id: d.userId,
          delta: d.delta,
          last_us: d.lastAssignedAt ?? null,
          enforce: d.enforceCapacity,
        })),
      ),
      accountId,
    ],
  );
  if (res.rowCount !== rows.length) throw new ClaimConflictError('Capacity changed during the claim; try again');
}

export interface AssignmentEventRow {
  conversationId: string;
  kind: AssignmentKind;
  fromUserId?: string | null;
  fromUserName?: string | null;
  toUserId?: string | null;
  toUserName?: string | null;
  actorUserId?: string | null;
  actorName?: string | null;
  toTeamId?: string | null;
  reason: string;
  capacityOverride?: boolean;
  explanation?: unknown;
}

export async function insertAssignmentEvents(
  em: EntityManager,
  accountId: string,
  rows: AssignmentEventRow[],
): Promise<void> {
  if (!rows.length) return;
  const json = rows.map((r, seq) => ({
    seq,
    conversation_id: r.conversationId,
    kind: r.kind,
    from_user_id: r.fromUserId ?? null,
    from_user_name: r.fromUserName ?? null,
    to_user_id: r.toUserId ?? null,
    to_user_name: r.toUserName ?? null,
    actor_user_id: r.actorUserId ?? null,
    actor_name: r.actorName ?? null,
    to_team_id: r.toTeamId ?? null,
    reason: r.reason,
    capacity_override: r.capacityOverride ?? false,
    explanation: r.explanation ?? null,
  }));
  await boundQuery(
    em,
    `insert into assignment_events (account_id, conversation_id, kind, from_user_id, from_user_name, to_user_id, to_user_name,
       actor_user_id, actor_name, to_team_id, reason, capacity_override, explanation, created_at)
     select ?, v.conversation_id, v.kind, v.from_user_id, v.from_user_name, v.to_user_id, v.to_user_name,
       v.actor_user_id, v.actor_name, v.to_team_id, v.reason, v.capacity_override, v.explanation, now()
     from json_to_recordset(?::json) as v(seq int, conversation_id uuid, kind text, from_user_id uuid, from_user_name text,
       to_user_id uuid, to_user_name text, actor_user_id uuid, actor_name text, to_team_id uuid, reason text,
       capacity_override boolean, explanation jsonb)
     order by v.seq`,
    [accountId, JSON.stringify(json)],
  );
}

/**
 * Appends to the durable socket log, in the given order; returns rows with their ids for the emit after
 * commit. The caller holds the account lock (`lockAccount`), taken before any row of the transaction was
 * touched: that is what makes ids grow in commit order per account.
 */
export async function insertRealtimeEvents(
  em: EntityManager,
  accountId: string,
  events: NewRealtimeEvent[],
): Promise<StoredRealtimeEvent[]> {
  if (!events.length) return [];
  const json = events.map((e, seq) => ({
    seq,
    type: e.type,
    conversation_id: e.conversationId,
    audience: [...new Set(e.audienceUserIds)],
    all: e.audienceAll,
    admin: e.adminOnly ?? false,
    payload: e.payload,
  }));
  const { rows } = await boundQuery<{ id: string; created_at: string }>(
    em,
    `insert into realtime_events (account_id, type, conversation_id, audience_user_ids, audience_all, admin_only, payload, created_at)
     select ?, v.type, v.conversation_id, v.audience, v.all, v.admin, v.payload, now()
     from json_to_recordset(?::json) as v(seq int, type text, conversation_id uuid, audience uuid[], "all" boolean, admin boolean, payload jsonb)
     order by v.seq
     returning id, ${isoSql('created_at')} as created_at`,
    [accountId, JSON.stringify(json)],
  );
  // Ids come from one sequence in insertion order, so sorting them restores the input order.
  const ids = rows.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const at = rows[0].created_at;
  return events.map((e, i) => ({
    ...e,
    audienceUserIds: [...new Set(e.audienceUserIds)],
    id: ids[i].toString(),
    accountId,
    at,
  }));
}

/** Who besides the all-seeing roles may receive events about a conversation. */
export function audienceOf(...userIds: Array<string | null | undefined>): string[] {
  return [...new Set(userIds.filter((u): u is string => !!u))];
}
