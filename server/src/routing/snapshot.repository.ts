import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../db/entities/user.entity.js';
import type { ConversationSummary } from '@switchboard/client-sdk/contract';
import type { AgentSnapshot, ConversationToRoute, RoutingSettings } from './policy/index.js';
import type { PresenceSnapshot } from './presence.js';
import { boundQuery } from './sql.js';
import {
  CONVERSATION_SUMMARY_COLUMNS,
  toConversationSummary,
  type ConversationSummaryRow,
} from '../db/conversation-summary.js';

/** An agent as routing sees it, plus the name snapshot written into assignment history. */
export interface AgentRow extends AgentSnapshot {
  name: string;
}

/** A conversation waiting in Unassigned, with what its socket event needs. */
export interface QueuedConversation extends ConversationToRoute {
  summary: ConversationSummary;
  /** Position in the queue: (priority desc, queued_at, id). queuedKey is the exact timestamp as text. */
  queuedKey: string;
}

export interface QueueCursor {
  priority: number;
  queuedKey: string;
  id: string;
}

export async function loadSettings(em: EntityManager, accountId: string): Promise<RoutingSettings | null> {
  const [row] = await em.execute<
    { strategy: RoutingSettings['strategy']; fallback: RoutingSettings['ownerFallback'] }[]
  >(`select routing_strategy as strategy, owner_fallback as fallback from accounts where id = ?`, [accountId]);
  return row ? { strategy: row.strategy, ownerFallback: row.fallback } : null;
}

/**
 * Creates missing capacity-ledger rows (users created elsewhere may not have one yet), so every later
 * update of the ledger finds its row.
 */
export async function ensureLoads(em: EntityManager, accountId: string): Promise<void> {
  await em.execute(
    `insert into agent_loads (user_id, account_id, ongoing)
     select u.id, u.account_id, 0 from users u left join agent_loads l on l.user_id = u.id
     where u.account_id = ? and l.user_id is null
     on conflict do nothing`,
    [accountId],
  );
}

interface AgentDbRow {
  id: string;
  name: string;
  role: Role;
  status: 'active' | 'pending';
  capacity: number | null;
  ongoing: number | null;
  last_us: string | null;
  team_ids: string[];
}

/**
 * Every user of the account with load and teams; presence comes from Redis. Teams are aggregated once per
 * account with a join rather than a subquery per user (10,000 index probes per batch at 10,000 agents),
 * and the statement goes through bound parameters, which skips the ORM's per-row result handling.
 */
export async function loadAgents(
  em: EntityManager,
  accountId: string,
  presence: PresenceSnapshot,
): Promise<AgentRow[]> {
  const { rows } = await boundQuery<AgentDbRow>(
    em,
    `select u.id, u.name, u.role, u.status, u.capacity, l.ongoing,
            (extract(epoch from l.last_assigned_at) * 1000000)::bigint::text as last_us,
            coalesce(t.team_ids, '{}') as team_ids
     from users u
     left join agent_loads l on l.user_id = u.id
     left join (select tm.user_id, array_agg(tm.team_id) as team_ids from team_members tm where tm.account_id = ? group by tm.user_id) t on t.user_id = u.id
     where u.account_id = ?
     order by u.id`,
    [accountId, accountId],
  );
  if (rows.some((r) => r.ongoing === null)) await ensureLoads(em, accountId);
  return rows.map((r) => ({
    id: r.id,
    accountId,
    name: r.name,
    role: r.role,
    status: r.status,
    capacity: r.capacity,
    ongoing: r.ongoing ?? 0,
    lastAssignedAt: r.last_us === null ? null : Number(r.last_us),
    teamIds: r.team_ids,
    connected: presence.connected.has(r.id),
    paused: presence.paused.has(r.id),
  }));
}

interface QueueDbRow extends ConversationSummaryRow {
  queued_key: string;
}

const QUEUE_COLUMNS = `${CONVERSATION_SUMMARY_COLUMNS}, c.queued_at::text as queued_key`;

function toQueued(accountId: string, r: QueueDbRow): QueuedConversation {
  return {
    id: r.id,
    accountId,
    teamId: r.team_id,
    priority: r.priority,
    contactOwnerId: r.owner_id,
    queuedKey: r.queued_key,
    summary: toConversationSummary(r),
  };
}

/**
 * One page of Unassigned in queue order (priority desc, then age). `teams` narrows the page to
 * conversations someone could take at all (no team, or a team with a free eligible member), so a queue
 * head nobody can serve does not hide the conversations behind it.
 */
export async function loadQueuePage(
  em: EntityManager,
  accountId: string,
  opts: { limit: number; after: QueueCursor | null; teams: string[] },
): Promise<QueuedConversation[]> {
  const params: unknown[] = [accountId, `{${opts.teams.join(',')}}`];
  let cursor = '';
  if (opts.after) {
    cursor = `and (c.priority < ? or (c.priority = ? and (c.queued_at, c.id) > (?::timestamptz, ?::uuid)))`;
    params.push(opts.after.priority, opts.after.priority, opts.after.queuedKey, opts.after.id);
  }
  params.push(opts.limit);
  const rows = await em.execute<QueueDbRow[]>(
    `select ${QUEUE_COLUMNS}
     from conversations c join contacts ct on ct.id = c.contact_id
     where c.account_id = ? and c.status = 'unassigned' and (c.team_id is null or c.team_id = any(?::uuid[])) ${cursor}
     order by c.priority desc, c.queued_at, c.id
     limit ?`,
    params,
  );
  return rows.map((r) => toQueued(accountId, r));
}

/** One conversation of the account (any status), with its summary; null when absent. */
export async function loadConversation(
  em: EntityManager,
  accountId: string,
  conversationId: string,
): Promise<QueuedConversation | null> {
  const [row] = await em.execute<QueueDbRow[]>(
    `select ${QUEUE_COLUMNS} from conversations c join contacts ct on ct.id = c.contact_id where c.account_id = ? and c.id = ?`,
    [accountId, conversationId],
  );
  return row ? toQueued(accountId, row) : null;
}
