import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { isoSql } from '../../db/conversation-summary.js';
import { explainEvents } from '../../routing/snapshot.store.js';
import { seesAllConversations } from '../../core/permissions.js';
import type { AuthContext } from '../auth/auth.context.js';
import type { Role } from '../../db/entities/user.entity.js';
import type { listConversationsQuery, RoutingHistoryEvent, summaryDto } from '@switchboard/client-sdk/contract';

type Summary = z.output<typeof summaryDto>;

const SUMMARY = `c.id, c.channel_id as "channelId", c.contact_id as "contactId", ct.name as "contactName", ct.phone_number as "contactPhone",
  ct.owner_id as "contactOwnerId", c.team_id as "teamId", c.priority, c.status, c.assignee_id as "assigneeId",
  ${isoSql('c.queued_at')} as "queuedAt", ${isoSql('c.created_at')} as "createdAt"`;

/**
 * Visibility (docs/architecture.md (roles)) as SQL, applied in every query that returns conversations: 'own' roles see
 * what is assigned to them or whose contact they own. Returns the clause and its parameters.
 */
export function visibleTo(auth: Pick<AuthContext, 'role' | 'userId'>): { sql: string; params: unknown[] } {
  return seesAllConversations(auth.role)
    ? { sql: 'true', params: [] }
    : { sql: '(c.assignee_id = ? or ct.owner_id = ?)', params: [auth.userId, auth.userId] };
}

export async function listConversations(
  em: EntityManager,
  auth: AuthContext,
  q: z.output<typeof listConversationsQuery>,
) {
  const vis = visibleTo(auth);
  const where = ['c.account_id = ?', vis.sql];
  const params: unknown[] = [auth.accountId, ...vis.params];
  const status = q.unassigned ? 'unassigned' : q.status;
  if (status) {
    where.push('c.status = ?');
    params.push(status);
  }
  if (q.assigneeId) {
    where.push('c.assignee_id = ?');
    params.push(q.assigneeId);
  }
  if (q.teamId) {
    where.push('c.team_id = ?');
    params.push(q.teamId);
  }
  if (q.channelId) {
    where.push('c.channel_id = ?');
    params.push(q.channelId);
  }
  if (q.cursor) {
    const [us, id] = q.cursor.split(/:(.*)/s);
    where.push(`(c.created_at, c.id) < (timestamptz 'epoch' + ?::bigint * interval '1 microsecond', ?::uuid)`);
    params.push(us, id);
  }
  params.push(q.limit + 1);
  const rows = await em.execute<Array<Summary & { cursor_us: string }>>(
    `select ${SUMMARY}, (extract(epoch from c.created_at) * 1000000)::bigint::text as cursor_us
     from conversations c join contacts ct on ct.id = c.contact_id
     where ${where.join(' and ')} order by c.created_at desc, c.id desc limit ?`,
    params,
  );
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ cursor_us: _, ...s }) => s),
    nextCursor: more && last ? `${last.cursor_us}:${last.id}` : null,
  };
}

export async function readConversation(em: EntityManager, auth: AuthContext, id: string) {
  const vis = visibleTo(auth);
  const [row] = await em.execute<Array<Summary & { lastMessageAt: string }>>(
    `select ${SUMMARY}, ${isoSql('c.last_message_at')} as "lastMessageAt"
     from conversations c join contacts ct on ct.id = c.contact_id where c.account_id = ? and c.id = ? and ${vis.sql}`,
    [auth.accountId, id, ...vis.params],
  );
  if (!row) return null;
  const messages = await em.execute(
    `select id::text, direction, body, author_id as "authorId", author_name as "authorName", ${isoSql('created_at')} as "createdAt"
     from messages where conversation_id = ? and account_id = ? order by id desc limit 200`,
    [id, auth.accountId],
  );
  return { ...row, messages: messages.reverse() };
}

/** The history with each automatic decision's full explanation rebuilt from its batch snapshot. */
export async function routingEvents(em: EntityManager, accountId: string, conversationId: string) {
  const rows = await em.execute<Array<Omit<RoutingHistoryEvent, 'explanation'> & { explanation: unknown }>>(
    `select id::text, ${isoSql('created_at')} as at, kind, reason, from_user_id as "fromUserId", from_user_name as "fromUserName",
       to_user_id as "toUserId", to_user_name as "toUserName", actor_user_id as "actorUserId", actor_name as "actorName",
       to_team_id as "toTeamId", capacity_override as "capacityOverride", explanation
     from assignment_events where account_id = ? and conversation_id = ? order by id`,
    [accountId, conversationId],
  );
  const expanded = await explainEvents(
    em,
    accountId,
    rows.map((r) => ({ ...r, conversationId })),
  );
  return expanded.map(({ conversationId: _c, ...r }) => r);
}

/** Active users (name, role, teams) and teams: whom a conversation the caller may see can be transferred to. */
export async function transferTargets(em: EntityManager, auth: AuthContext, conversationId: string) {
  const vis = visibleTo(auth);
  const [visible] = await em.execute(
    `select c.id from conversations c join contacts ct on ct.id = c.contact_id where c.account_id = ? and c.id = ? and ${vis.sql}`,
    [auth.accountId, conversationId, ...vis.params],
  );
  if (!visible) return null;
  const users = await em.execute<Array<{ id: string; name: string; role: Role; teamIds: string[] }>>(
    `select u.id, coalesce(nullif(u.name, ''), u.email) as name, u.role,
       coalesce(array_agg(tm.team_id::text) filter (where tm.team_id is not null), '{}')::text[] as "teamIds"
     from users u left join team_members tm on tm.user_id = u.id
     where u.account_id = ? and u.status = 'active' group by u.id order by 2, u.id`,
    [auth.accountId],
  );
  const teams = await em.execute<Array<{ id: string; name: string }>>(
    `select id, name from teams where account_id = ? order by name, id`,
    [auth.accountId],
  );
  return { users, teams };
}
