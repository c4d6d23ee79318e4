import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { Role } from '../../db/entities/user.entity.js';
import { pgArray } from '../../db/sql.js';
import { DomainError, conflict, forbidden, notFound } from '../../core/errors.js';
import { lockAccount } from '../../routing/account-lock.js';
import type { AuthContext } from '../auth/auth.context.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { AdminEffects, RoutingReason } from './routing-hook.js';
import {
  countUsers,
  existingTeamIds,
  findUser,
  findUsers,
  lockAccountOwner,
  lockUser,
  requeueConversationsOf,
  revokeSessionsOf,
} from './users.repository.js';
import type { listUsersQuery, UserDto } from '@switchboard/client-sdk/contract';

export type UsersDeps = AdminEffects;

/*
 * Lock order, the same in every admin transaction so two of them never wait on each other in a cycle:
 * the account's routing lock, then the account row, then user rows, then invitation and team rows.
 */

export const actorOf = (auth: AuthContext): Actor => ({ userId: auth.userId, name: auth.name || auth.email });

const OWNER_STAYS_ADMIN = 'The account owner must stay an Admin: transfer ownership to another user first';
const OWNER_CANNOT_BE_REMOVED = 'The account owner cannot be removed: transfer ownership to another user first';

export async function listUsers(em: EntityManager, accountId: string, q: z.output<typeof listUsersQuery>) {
  const filter = { status: q.status, role: q.role, teamId: q.teamId, q: q.q };
  const [items, total] = await Promise.all([
    findUsers(em, accountId, filter, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
    countUsers(em, accountId, filter),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function getUser(em: EntityManager, accountId: string, id: string): Promise<UserDto> {
  const user = await findUser(em, accountId, id);
  if (!user) throw notFound('User');
  return user;
}

/** Team names for audit snapshots, in a stable order. */
async function teamSnapshot(tx: EntityManager, ids: string[]): Promise<Array<{ id: string; name: string }>> {
  if (!ids.length) return [];
  return tx.execute(`select id, name from teams where id = any(?::uuid[]) order by lower(name), id`, [pgArray(ids)]);
}

/**
 * Replaces a user's team memberships with `teamIds` (which the caller checked belong to the account).
 * Returns which teams were joined, since only joining can give routing a new eligible agent.
 */
export async function setUserTeams(
  tx: EntityManager,
  accountId: string,
  userId: string,
  current: string[],
  teamIds: string[],
) {
  const added = teamIds.filter((t) => !current.includes(t));
  const removed = current.filter((t) => !teamIds.includes(t));
  if (removed.length) {
    await tx.execute(
      `delete from team_members where user_id = ? and team_id = any(?::uuid[])`,
      [userId, pgArray(removed)],
      'run',
    );
  }
  if (added.length) {
    await tx.execute(
      `insert into team_members (team_id, user_id, account_id) select unnest(?::uuid[]), ?, ? on conflict do nothing`,
      [pgArray(added), userId, accountId],
      'run',
    );
  }
  return { added, removed };
}

export async function assertTeamsExist(tx: EntityManager, accountId: string, ids: string[]): Promise<void> {
  const found = await existingTeamIds(tx, accountId, ids);
  const missing = ids.find((id) => !found.has(id));
  if (missing)
    throw new DomainError('not_found', `Team ${missing} not found`, { field: 'body.teamIds', teamId: missing });
}

/**
 * Edits role and teams. Either change alters who may receive which conversations, so it runs under the
 * routing lock, and signs the user out everywhere so that every session and socket picks up the new
 * rights (docs/realtime.md). The owner stays an Admin.
 */
export async function updateUser(
  em: EntityManager,
  auth: AuthContext,
  id: string,
  patch: { role?: Role; teamIds?: string[] },
  deps: UsersDeps,
): Promise<UserDto> {
  const outcome = await em.transactional(async (tx) => {
    await lockAccount(tx, auth.accountId);
    const ownerId = await lockAccountOwner(tx, auth.accountId);
    const user = await lockUser(tx, auth.accountId, id);
    if (!user) throw notFound('User');
    const target = { type: 'user' as const, id: user.id, label: user.email };
    const reasons: RoutingReason[] = [];
    let changed = false;

    if (patch.role !== undefined && patch.role !== user.role) {
      if (user.id === ownerId) throw conflict(OWNER_STAYS_ADMIN);
      await tx.execute(`update users set role = ? where id = ?`, [patch.role, user.id], 'run');
      await recordAudit(tx, {
        accountId: auth.accountId,
        actor: actorOf(auth),
        action: 'user.role_changed',
        target,
        before: { role: user.role },
        after: { role: patch.role },
      });
      reasons.push('role_changed');
      changed = true;
    }

    if (patch.teamIds !== undefined) {
      await assertTeamsExist(tx, auth.accountId, patch.teamIds);
      const before = await teamSnapshot(tx, user.teamIds);
      const { added, removed } = await setUserTeams(tx, auth.accountId, user.id, user.teamIds, patch.teamIds);
      if (added.length || removed.length) {
        const after = await teamSnapshot(tx, patch.teamIds);
        await recordAudit(tx, {
          accountId: auth.accountId,
          actor: actorOf(auth),
          action: 'user.teams_changed',
          target,
          before: { teams: before },
          after: { teams: after },
        });
        if (added.length) reasons.push('team_member_added');
        changed = true;
      }
    }

    if (changed) await revokeSessionsOf(tx, [user.id]);
    return { reasons, changed };
  });
  if (outcome.changed) await deps.onUsersChanged?.(auth.accountId, [id]);
  for (const r of outcome.reasons) await deps.onRoutingNeeded(auth.accountId, r);
  return getUser(em, auth.accountId, id);
}

/** Lowering capacity revokes nothing (docs/invariants.md, I1); raising it may free a slot, so routing is asked to look. */
export async function setCapacity(
  em: EntityManager,
  auth: AuthContext,
  id: string,
  capacity: number | null,
  deps: UsersDeps,
): Promise<UserDto> {
  const raised = await em.transactional(async (tx) => {
    await lockAccount(tx, auth.accountId);
    const user = await lockUser(tx, auth.accountId, id);
    if (!user) throw notFound('User');
    if (user.capacity === capacity) return false;
    await tx.execute(`update users set capacity = ? where id = ?`, [capacity, user.id], 'run');
    await recordAudit(tx, {
      accountId: auth.accountId,
      actor: actorOf(auth),
      action: 'user.capacity_changed',
      target: { type: 'user', id: user.id, label: user.email },
      before: { capacity: user.capacity },
      after: { capacity },
    });
    return capacity === null || (user.capacity !== null && capacity > user.capacity);
  });
  if (raised) await deps.onRoutingNeeded(auth.accountId, 'capacity_changed');
  return getUser(em, auth.accountId, id);
}

/**
 * Removes a user for good. In one transaction: their ongoing conversations return to Unassigned (with an
 * assignment event that keeps their name), their sessions end, the audit event keeps a snapshot, and the
 * row goes (sessions, invitations, memberships and the ledger row cascade; history keeps name snapshots).
 */
export async function removeUser(em: EntityManager, auth: AuthContext, id: string, deps: UsersDeps) {
  const requeued = await em.transactional(async (tx) => {
    await lockAccount(tx, auth.accountId);
    const ownerId = await lockAccountOwner(tx, auth.accountId);
    const user = await lockUser(tx, auth.accountId, id);
    if (!user) throw notFound('User');
    if (user.id === ownerId) throw conflict(OWNER_CANNOT_BE_REMOVED);
    const { moved, events } = await requeueConversationsOf(tx, auth.accountId, user, actorOf(auth), 'assignee removed');
    await revokeSessionsOf(tx, [user.id]);
    await recordAudit(tx, {
      accountId: auth.accountId,
      actor: actorOf(auth),
      action: 'user.removed',
      target: { type: 'user', id: user.id, label: user.email },
      before: {
        email: user.email,
        name: user.name,
        role: user.role,
        status: user.status,
        capacity: user.capacity,
        teams: await teamSnapshot(tx, user.teamIds),
      },
      after: { requeuedConversations: moved },
    });
    await tx.execute(`delete from users where id = ? and account_id = ?`, [user.id, auth.accountId], 'run');
    return { moved, events };
  });
  deps.publish?.(requeued.events);
  await deps.onUsersChanged?.(auth.accountId, [id]);
  // Even with nothing requeued, contacts they owned are now ownerless and may route to the pool.
  await deps.onRoutingNeeded(auth.accountId, 'user_removed');
  return { id, requeuedConversations: requeued.moved };
}

/**
 * The help page's "Transfer Ownership": only the owner, only to an active user, who becomes an Admin and
 * the owner while the former owner stays an Admin. The account row lock makes parallel transfers and a
 * transfer racing a removal run one after the other, and the single `owner_id` column makes "exactly one
 * owner" structural.
 */
export async function transferOwnership(em: EntityManager, auth: AuthContext, targetId: string, deps: UsersDeps) {
  const roleChanged = await em.transactional(async (tx) => {
    await lockAccount(tx, auth.accountId);
    const ownerId = await lockAccountOwner(tx, auth.accountId);
    if (ownerId !== auth.userId) throw forbidden('Only the account owner can transfer ownership');
    if (targetId === auth.userId) throw conflict('You already own this account');
    const target = await lockUser(tx, auth.accountId, targetId);
    if (!target) throw notFound('User');
    if (target.status !== 'active')
      throw conflict(`Ownership can only go to an active user: ${target.email} has not activated their account yet`);
    const roleChanged = target.role !== 'admin';
    if (roleChanged) {
      await tx.execute(`update users set role = 'admin' where id = ?`, [target.id], 'run');
      await revokeSessionsOf(tx, [target.id]);
    }
    await tx.execute(`update accounts set owner_id = ? where id = ?`, [target.id, auth.accountId], 'run');
    await recordAudit(tx, {
      accountId: auth.accountId,
      actor: actorOf(auth),
      action: 'account.ownership_transferred',
      target: { type: 'user', id: target.id, label: target.email },
      before: { ownerId: auth.userId, ownerEmail: auth.email, targetRole: target.role },
      after: { ownerId: target.id, ownerEmail: target.email, targetRole: 'admin' },
    });
    return roleChanged;
  });
  if (roleChanged) {
    await deps.onUsersChanged?.(auth.accountId, [targetId]);
    await deps.onRoutingNeeded(auth.accountId, 'role_changed');
  }
  return { ownerId: targetId, previousOwnerId: auth.userId };
}
