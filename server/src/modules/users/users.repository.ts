import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role, UserStatus } from '../../db/entities/user.entity.js';
import { pgArray } from '../../db/sql.js';
import {
  CONVERSATION_SUMMARY_COLUMNS,
  toConversationSummary,
  type ConversationSummaryRow,
} from '../../db/conversation-summary.js';
import type { NewRealtimeEvent, StoredRealtimeEvent } from '../../realtime/event-log.js';
import { audienceOf, insertRealtimeEvents } from '../../routing/claim.repository.js';
import type { UserDto } from '@switchboard/client-sdk/contract';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  capacity: number | null;
  created_at: Date;
  activated_at: Date | null;
  totp_enabled: boolean;
  is_owner: boolean;
  ongoing: number;
  teams: Array<{ id: string; name: string }>;
  invitation_expires_at: Date | null;
}

export interface UserFilter {
  ids?: string[];
  status?: UserStatus;
  role?: Role;
  teamId?: string;
  q?: string;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, '\\$&')}%`;

function whereOf(accountId: string, f: UserFilter): { sql: string; params: unknown[] } {
  const where = ['u.account_id = ?'];
  const params: unknown[] = [accountId];
  if (f.ids) {
    where.push('u.id = any(?::uuid[])');
    params.push(pgArray(f.ids));
  }
  if (f.status) {
    where.push('u.status = ?');
    params.push(f.status);
  }
  if (f.role) {
    where.push('u.role = ?');
    params.push(f.role);
  }
  if (f.teamId) {
    where.push('exists (select 1 from team_members tm where tm.user_id = u.id and tm.team_id = ?)');
    params.push(f.teamId);
  }
  if (f.q) {
    where.push('(u.name ilike ? or u.email ilike ?)');
    params.push(likePattern(f.q), likePattern(f.q));
  }
  return { sql: where.join(' and '), params };
}

/**
 * The admin's view of users in one query: teams, the ledger's ongoing count, owner flag and the live
 * invitation. Always scoped to the account, so another account's id simply finds nothing.
 */
export async function findUsers(
  em: EntityManager,
  accountId: string,
  f: UserFilter,
  page?: { limit: number; offset: number },
): Promise<UserDto[]> {
  const w = whereOf(accountId, f);
  const rows = await em.execute<UserRow[]>(
    `select u.id, u.email, u.name, u.role, u.status, u.capacity, u.created_at, u.activated_at,
            (u.totp_enabled_at is not null) as totp_enabled,
            (a.owner_id is not distinct from u.id) as is_owner,
            coalesce(l.ongoing, 0)::int as ongoing,
            coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name) order by lower(t.name), t.id)
                        from team_members tm join teams t on t.id = tm.team_id
                       where tm.user_id = u.id), '[]'::json) as teams,
            inv.expires_at as invitation_expires_at
       from users u
       join accounts a on a.id = u.account_id
       left join agent_loads l on l.user_id = u.id
       left join lateral (select i.expires_at from invitations i
                           where i.user_id = u.id and i.used_at is null and i.revoked_at is null
                           order by i.created_at desc limit 1) inv on u.status = 'pending'
      where ${w.sql}
      order by u.created_at, u.id
      ${page ? 'limit ? offset ?' : ''}`,
    page ? [...w.params, page.limit, page.offset] : w.params,
  );
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    status: r.status,
    capacity: r.capacity,
    ongoing: r.ongoing,
    teams: r.teams,
    totpEnabled: r.totp_enabled,
    isOwner: r.is_owner,
    invitation: r.invitation_expires_at
      ? {
          expiresAt: new Date(r.invitation_expires_at).toISOString(),
          expired: new Date(r.invitation_expires_at).getTime() <= now,
        }
      : null,
    createdAt: new Date(r.created_at).toISOString(),
    activatedAt: r.activated_at ? new Date(r.activated_at).toISOString() : null,
  }));
}

export async function countUsers(em: EntityManager, accountId: string, f: UserFilter): Promise<number> {
  const w = whereOf(accountId, f);
  const [r] = await em.execute<{ n: number }[]>(`select count(*)::int as n from users u where ${w.sql}`, w.params);
  return r.n;
}

export async function findUser(em: EntityManager, accountId: string, id: string): Promise<UserDto | undefined> {
  return (await findUsers(em, accountId, { ids: [id] }))[0];
}

/** What an admin transaction reads about its target, with the row locked until commit. */
export interface LockedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  capacity: number | null;
  teamIds: string[];
}

/**
 * Locks the user row (`for no key update`: enough to serialise admin edits, and it does not block the
 * foreign-key checks of routing's inserts). Scoped to the account: another account's user is "not there".
 */
export async function lockUser(tx: EntityManager, accountId: string, id: string): Promise<LockedUser | undefined> {
  const [r] = await tx.execute<Array<Omit<LockedUser, 'teamIds'> & { team_ids: string[] }>>(
    `select u.id, u.email, u.name, u.role, u.status, u.capacity,
            array(select tm.team_id::text from team_members tm where tm.user_id = u.id order by tm.team_id) as team_ids
       from users u where u.id = ? and u.account_id = ? for no key update of u`,
    [id, accountId],
  );
  if (!r) return undefined;
  const { team_ids, ...user } = r;
  return { ...user, teamIds: team_ids };
}

/**
 * Locks the account row. Every change that could leave the account without exactly one owner (transfer,
 * removal, demotion) takes it first, so they run one after another and each sees the committed owner.
 * `for no key update` keeps routing's inserts (which only take key-share locks on the account) unblocked.
 */
export async function lockAccountOwner(tx: EntityManager, accountId: string): Promise<string | null> {
  const [r] = await tx.execute<{ owner_id: string | null }[]>(
    `select owner_id from accounts where id = ? for no key update`,
    [accountId],
  );
  return r?.owner_id ?? null;
}

/** Revokes inside the caller's transaction, so a rolled-back change leaves sessions alone. */
export async function revokeSessionsOf(tx: EntityManager, userIds: string[]): Promise<void> {
  if (!userIds.length) return;
  await tx.execute(
    `update sessions set revoked_at = now() where user_id = any(?::uuid[]) and revoked_at is null`,
    [pgArray(userIds)],
    'run',
  );
}

/** Team ids that exist in the account, out of those asked for. */
export async function existingTeamIds(tx: EntityManager, accountId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx.execute<{ id: string }[]>(`select id from teams where account_id = ? and id = any(?::uuid[])`, [
    accountId,
    pgArray(ids),
  ]);
  return new Set(rows.map((r) => r.id));
}

/**
 * Sends every ongoing conversation of a user back to Unassigned, in the caller's transaction (which must
 * hold the account's routing lock): status, ledger, an assignment event with the name snapshot, and the
 * durable socket event, together, as docs/invariants.md requires of every assignment change. Returns the socket
 * events so the caller can push them live once committed.
 */
export async function requeueConversationsOf(
  tx: EntityManager,
  accountId: string,
  user: { id: string; name: string },
  actor: { userId: string | null; name: string | null },
  reason: string,
): Promise<{ moved: number; events: StoredRealtimeEvent[] }> {
  // The moves, their history and the ledger in one statement; the socket events go through
  // insertRealtimeEvents like every other conversation change, so the log has one writer.
  const moved = await tx.execute<ConversationSummaryRow[]>(
    `with moved as (
       update conversations c
          set status = 'unassigned', assignee_id = null, assigned_at = null, queued_at = now()
        where c.account_id = ? and c.assignee_id = ? and c.status = 'assigned'
        returning c.*
     ), events as (
       insert into assignment_events (account_id, conversation_id, kind, from_user_id, from_user_name, actor_user_id, actor_name, reason, capacity_override, created_at)
       select m.account_id, m.id, 'requeue', ?::uuid, ?, ?::uuid, ?, ?, false, now() from moved m
       returning 1
     ), ledger as (
       update agent_loads set ongoing = greatest(ongoing - (select count(*) from moved), 0)
        where user_id = ? and account_id = ?
       returning 1
     )
     select ${CONVERSATION_SUMMARY_COLUMNS}
       from moved c join contacts ct on ct.id = c.contact_id
      order by c.queued_at, c.id`,
    [accountId, user.id, user.id, user.name, actor.userId, actor.name, reason, user.id, accountId],
  );
  const events = await insertRealtimeEvents(
    tx,
    accountId,
    moved.map((r): NewRealtimeEvent<'conversation.unassigned'> => ({
      type: 'conversation.unassigned',
      conversationId: r.id,
      audienceUserIds: audienceOf(user.id, r.owner_id),
      audienceAll: true,
      payload: {
        conversation: toConversationSummary(r),
        previousAssigneeId: user.id,
        reason: 'requeue',
        actorUserId: actor.userId,
      },
    })),
  );
  return { moved: moved.length, events };
}
