import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.js';
import { pgArray } from '../../db/sql.js';
import { DomainError, conflict, notFound } from '../../core/errors.js';
import { lockAccount } from '../../routing/account-lock.js';
import type { AuthContext } from '../auth/auth.context.js';
import { recordAudit } from '../audit/audit.service.js';
import type { AdminEffects } from '../users/routing-hook.js';
import { revokeSessionsOf } from '../users/users.repository.js';
import { actorOf } from '../users/users.service.js';
import type { TeamDto } from '@switchboard/client-sdk/contract';

export type TeamsDeps = Pick<AdminEffects, 'onRoutingNeeded' | 'onUsersChanged'>;

interface TeamRow {
  id: string;
  name: string;
  created_at: Date;
  members: TeamDto['members'];
}

async function findTeams(em: EntityManager, accountId: string, id?: string): Promise<TeamDto[]> {
  const rows = await em.execute<TeamRow[]>(
    `select t.id, t.name, t.created_at,
            coalesce((select json_agg(json_build_object('id', u.id, 'name', u.name, 'email', u.email, 'role', u.role, 'status', u.status)
                                      order by lower(u.name), u.email)
                        from team_members tm join users u on u.id = tm.user_id where tm.team_id = t.id), '[]'::json) as members
       from teams t where t.account_id = ? ${id ? 'and t.id = ?' : ''}
      order by lower(t.name), t.id`,
    id ? [accountId, id] : [accountId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    members: r.members,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export const listTeams = async (em: EntityManager, accountId: string) => ({ items: await findTeams(em, accountId) });

export async function getTeam(em: EntityManager, accountId: string, id: string): Promise<TeamDto> {
  const [team] = await findTeams(em, accountId, id);
  if (!team) throw notFound('Team');
  return team;
}

const duplicateName = (name: string) =>
  conflict(`A team named "${name}" already exists (names are compared ignoring case)`);
const isDuplicateName = (e: unknown) =>
  isUniqueViolation(e, 'teams_account_lower_name_unique') || isUniqueViolation(e, 'teams_account_name_unique');

async function assertUsersExist(
  tx: EntityManager,
  accountId: string,
  ids: string[],
): Promise<Array<{ id: string; email: string }>> {
  if (!ids.length) return [];
  const rows = await tx.execute<{ id: string; email: string }[]>(
    `select id, email from users where account_id = ? and id = any(?::uuid[]) for key share`,
    [accountId, pgArray(ids)],
  );
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing)
    throw new DomainError('not_found', `User ${missing} not found`, { field: 'body.memberIds', userId: missing });
  return rows;
}

async function lockTeam(tx: EntityManager, accountId: string, id: string) {
  const [team] = await tx.execute<{ id: string; name: string }[]>(
    `select id, name from teams where id = ? and account_id = ? for no key update`,
    [id, accountId],
  );
  if (!team) throw notFound('Team');
  const members = await tx.execute<{ id: string; email: string }[]>(
    `select u.id, u.email from team_members tm join users u on u.id = tm.user_id where tm.team_id = ? order by u.email`,
    [id],
  );
  return { ...team, members };
}

/**
 * Membership decides which conversations an agent may be routed, so changes run under the routing lock.
 * Like a role change, a membership change signs the member out everywhere so sockets rejoin with the new
 * team rooms (the one policy for "who may receive what changed", shared with PATCH /users/:id).
 */
export async function createTeam(
  em: EntityManager,
  auth: AuthContext,
  input: { name: string; memberIds: string[] },
  deps: TeamsDeps,
): Promise<TeamDto> {
  const id = randomUUID();
  try {
    await em.transactional(async (tx) => {
      await lockAccount(tx, auth.accountId);
      const members = await assertUsersExist(tx, auth.accountId, input.memberIds);
      await tx.execute(
        `insert into teams (id, account_id, name, created_at) values (?, ?, ?, now())`,
        [id, auth.accountId, input.name],
        'run',
      );
      if (members.length) {
        await tx.execute(
          `insert into team_members (team_id, user_id, account_id) select ?, unnest(?::uuid[]), ?`,
          [id, pgArray(input.memberIds), auth.accountId],
          'run',
        );
        await revokeSessionsOf(tx, input.memberIds);
      }
      await recordAudit(tx, {
        accountId: auth.accountId,
        actor: actorOf(auth),
        action: 'team.created',
        target: { type: 'team', id, label: input.name },
        after: { name: input.name, members },
      });
    });
  } catch (e) {
    if (isDuplicateName(e)) throw duplicateName(input.name);
    if (isForeignKeyViolation(e)) throw notFound('User');
    throw e;
  }
  if (input.memberIds.length) {
    await deps.onUsersChanged?.(auth.accountId, input.memberIds);
    await deps.onRoutingNeeded(auth.accountId, 'team_member_added');
  }
  return getTeam(em, auth.accountId, id);
}

export async function renameTeam(em: EntityManager, auth: AuthContext, id: string, name: string): Promise<TeamDto> {
  try {
    await em.transactional(async (tx) => {
      const team = await lockTeam(tx, auth.accountId, id);
      if (team.name === name) return;
      await tx.execute(`update teams set name = ? where id = ?`, [name, id], 'run');
      await recordAudit(tx, {
        accountId: auth.accountId,
        actor: actorOf(auth),
        action: 'team.renamed',
        target: { type: 'team', id, label: name },
        before: { name: team.name },
        after: { name },
      });
    });
  } catch (e) {
    if (isDuplicateName(e)) throw duplicateName(name);
    throw e;
  }
  return getTeam(em, auth.accountId, id);
}

/** Replaces the member list; only additions can make someone newly eligible, so only they trigger routing. */
export async function setTeamMembers(
  em: EntityManager,
  auth: AuthContext,
  id: string,
  memberIds: string[],
  deps: TeamsDeps,
): Promise<TeamDto> {
  let changed: { added: string[]; removed: string[] };
  try {
    changed = await em.transactional(async (tx) => {
      await lockAccount(tx, auth.accountId);
      const team = await lockTeam(tx, auth.accountId, id);
      const after = await assertUsersExist(tx, auth.accountId, memberIds);
      const current = team.members.map((m) => m.id);
      const added = memberIds.filter((u) => !current.includes(u));
      const removed = current.filter((u) => !memberIds.includes(u));
      if (!added.length && !removed.length) return { added, removed };
      if (removed.length)
        await tx.execute(
          `delete from team_members where team_id = ? and user_id = any(?::uuid[])`,
          [id, pgArray(removed)],
          'run',
        );
      if (added.length) {
        await tx.execute(
          `insert into team_members (team_id, user_id, account_id) select ?, unnest(?::uuid[]), ? on conflict do nothing`,
          [id, pgArray(added), auth.accountId],
          'run',
        );
      }
      await revokeSessionsOf(tx, [...added, ...removed]);
      await recordAudit(tx, {
        accountId: auth.accountId,
        actor: actorOf(auth),
        action: 'team.members_changed',
        target: { type: 'team', id, label: team.name },
        before: { members: team.members },
        after: { members: after.sort((a, b) => a.email.localeCompare(b.email)) },
      });
      return { added, removed };
    });
  } catch (e) {
    if (isForeignKeyViolation(e)) throw notFound('User');
    throw e;
  }
  await deps.onUsersChanged?.(auth.accountId, [...changed.added, ...changed.removed]);
  if (changed.added.length) await deps.onRoutingNeeded(auth.accountId, 'team_member_added');
  return getTeam(em, auth.accountId, id);
}

/** Conversations of the team lose it (FK `set null`) and become routable to anyone, so routing is asked. */
export async function deleteTeam(em: EntityManager, auth: AuthContext, id: string, deps: TeamsDeps) {
  const members = await em.transactional(async (tx) => {
    await lockAccount(tx, auth.accountId);
    const team = await lockTeam(tx, auth.accountId, id);
    await revokeSessionsOf(
      tx,
      team.members.map((m) => m.id),
    );
    await recordAudit(tx, {
      accountId: auth.accountId,
      actor: actorOf(auth),
      action: 'team.deleted',
      target: { type: 'team', id, label: team.name },
      before: { name: team.name, members: team.members },
    });
    await tx.execute(`delete from teams where id = ? and account_id = ?`, [id, auth.accountId], 'run');
    return team.members.map((m) => m.id);
  });
  await deps.onUsersChanged?.(auth.accountId, members);
  await deps.onRoutingNeeded(auth.accountId, 'team_deleted');
  return { id };
}
