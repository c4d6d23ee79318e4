import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Config } from '../../core/config.js';
import type { Role } from '../../db/entities/user.entity.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.js';
import { pgArray } from '../../db/sql.js';
import { DomainError, conflict, gone, notFound } from '../../core/errors.js';
import type { Mailer } from '../../infra/mailer.js';
import { lockAccount } from '../../routing/account-lock.js';
import type { AuthContext } from '../auth/auth.context.js';
import { hashPassword } from '../../core/password.js';
import { hashToken, newToken } from '../../core/tokens.js';
import { recordAudit } from '../audit/audit.service.js';
import type { OnRoutingNeeded } from '../users/routing-hook.js';
import { actorOf, assertTeamsExist, getUser } from '../users/users.service.js';
import { lockUser } from '../users/users.repository.js';
import type { acceptBody, inviteBody } from '@switchboard/client-sdk/contract';
import { invitationEmail } from './invitation-email.js';

export interface InvitationsDeps {
  config: Pick<Config, 'publicUrl' | 'INVITE_TTL_HOURS'>;
  mailer: Mailer;
  log: Logger;
  onRoutingNeeded: OnRoutingNeeded;
}

/**
 * The link of the email: it opens the console's activation screen (console/src/features/auth/ActivatePage.tsx).
 * Only the token's SHA-256 is stored, so a database leak does not leak working links.
 */
const activationLink = (publicUrl: string, token: string) =>
  `${publicUrl.replace(/\/+$/, '')}/activate?token=${encodeURIComponent(token)}`;

/** Inserts a fresh single-use link for a pending user and returns the token (never stored) and its expiry. */
async function issueInvitation(tx: EntityManager, accountId: string, userId: string, ttlHours: number) {
  const token = newToken('sbi_');
  const [row] = await tx.execute<{ expires_at: Date }[]>(
    `insert into invitations (id, account_id, user_id, token_hash, expires_at, created_at)
     values (?, ?, ?, ?, now() + make_interval(hours => ?), now()) returning expires_at`,
    [randomUUID(), accountId, userId, hashToken(token), ttlHours],
  );
  return { token, expiresAt: new Date(row.expires_at) };
}

/**
 * Sends after commit: a slow or failing mail server must not hold locks or undo the invitation. A failure is
 * reported (`emailSent: false`) and logged; the admin's Resend issues a new link.
 */
async function sendInvitation(
  deps: InvitationsDeps,
  auth: AuthContext,
  em: EntityManager,
  to: string,
  token: string,
  expiresAt: Date,
): Promise<boolean> {
  const [account] = await em.execute<{ name: string }[]>(`select name from accounts where id = ?`, [auth.accountId]);
  const email = invitationEmail({
    to,
    accountName: account?.name ?? 'Switchboard',
    inviterName: auth.name || auth.email,
    link: activationLink(deps.config.publicUrl, token),
    expiresAt,
  });
  try {
    await deps.mailer.send(email);
    return true;
  } catch (err) {
    deps.log.error({ err, to, accountId: auth.accountId }, 'could not send the invitation email');
    return false;
  }
}

/** Invites by email: a pending user with role, teams, capacity and a ledger row, plus the activation email. */
export async function invite(
  em: EntityManager,
  auth: AuthContext,
  input: z.output<typeof inviteBody>,
  deps: InvitationsDeps,
) {
  const userId = randomUUID();
  let issued: { token: string; expiresAt: Date };
  try {
    issued = await em.transactional(async (tx) => {
      const [existing] = await tx.execute<{ id: string; status: string }[]>(
        `select id, status from users where account_id = ? and email = ?`,
        [auth.accountId, input.email],
      );
      if (existing) {
        throw conflict(
          existing.status === 'pending'
            ? `${input.email} has already been invited and not activated yet: use Resend to send a new activation email`
            : `${input.email} is already a member of this account`,
          { userId: existing.id, status: existing.status },
        );
      }
      await assertTeamsExist(tx, auth.accountId, input.teamIds);
      await tx.execute(
        `insert into users (id, account_id, email, name, role, status, capacity, created_at) values (?, ?, ?, '', ?, 'pending', ?, now())`,
        [userId, auth.accountId, input.email, input.role, input.capacity ?? null],
        'run',
      );
      await tx.execute(
        `insert into agent_loads (user_id, account_id, ongoing) values (?, ?, 0)`,
        [userId, auth.accountId],
        'run',
      );
      if (input.teamIds.length) {
        await tx.execute(
          `insert into team_members (team_id, user_id, account_id) select unnest(?::uuid[]), ?, ?`,
          [pgArray(input.teamIds), userId, auth.accountId],
          'run',
        );
      }
      const issued = await issueInvitation(tx, auth.accountId, userId, deps.config.INVITE_TTL_HOURS);
      await recordAudit(tx, {
        accountId: auth.accountId,
        actor: actorOf(auth),
        action: 'user.invited',
        target: { type: 'user', id: userId, label: input.email },
        after: {
          email: input.email,
          role: input.role,
          teamIds: input.teamIds,
          capacity: input.capacity ?? null,
          expiresAt: issued.expiresAt.toISOString(),
        },
      });
      return issued;
    });
  } catch (e) {
    // Two admins inviting the same address at once: the unique index decides, the loser gets the same 409.
    if (isUniqueViolation(e, 'users_account_email_unique'))
      throw conflict(`${input.email} is already a member of this account`);
    // A team deleted between the check and the insert.
    if (isForeignKeyViolation(e)) throw notFound('Team');
    throw e;
  }
  const emailSent = await sendInvitation(deps, auth, em, input.email, issued.token, issued.expiresAt);
  return {
    user: await getUser(em, auth.accountId, userId),
    invitation: { expiresAt: issued.expiresAt.toISOString(), emailSent },
  };
}

/** "Resend": a new link and email; every earlier link of this user stops working in the same transaction. */
export async function resend(em: EntityManager, auth: AuthContext, userId: string, deps: InvitationsDeps) {
  const { user, issued } = await em.transactional(async (tx) => {
    // The user row lock serialises two parallel resends, so exactly one link is live afterwards.
    const user = await lockUser(tx, auth.accountId, userId);
    if (!user) throw notFound('User');
    if (user.status !== 'pending') throw conflict(`${user.email} has already activated their account`);
    const revoked = await tx.execute(
      `update invitations set revoked_at = now() where user_id = ? and used_at is null and revoked_at is null`,
      [user.id],
      'run',
    );
    const issued = await issueInvitation(tx, auth.accountId, user.id, deps.config.INVITE_TTL_HOURS);
    await recordAudit(tx, {
      accountId: auth.accountId,
      actor: actorOf(auth),
      action: 'user.invitation_resent',
      target: { type: 'user', id: user.id, label: user.email },
      before: { liveLinks: (revoked as { affectedRows?: number }).affectedRows ?? 0 },
      after: { expiresAt: issued.expiresAt.toISOString() },
    });
    return { user, issued };
  });
  const emailSent = await sendInvitation(deps, auth, em, user.email, issued.token, issued.expiresAt);
  return {
    user: await getUser(em, auth.accountId, userId),
    invitation: { expiresAt: issued.expiresAt.toISOString(), emailSent },
  };
}

interface InvitationRow {
  user_id: string;
  account_id: string;
  account_name: string;
  email: string;
  role: Role;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  expired: boolean;
}

async function findByToken(em: EntityManager, token: string): Promise<InvitationRow | undefined> {
  const [row] = await em.execute<InvitationRow[]>(
    `select i.user_id, i.account_id, a.name as account_name, u.email, u.role, i.expires_at, i.used_at, i.revoked_at, (i.expires_at <= now()) as expired
       from invitations i join users u on u.id = i.user_id join accounts a on a.id = i.account_id
      where i.token_hash = ?`,
    [hashToken(token)],
  );
  return row;
}

/** Why a link does not work, in words the person holding it can act on. */
function refusal(row: InvitationRow | undefined): DomainError {
  if (!row)
    return new DomainError('not_found', 'This activation link is not valid: check that you copied all of it', {
      reason: 'unknown',
    });
  if (row.used_at) return conflict('This invitation has already been accepted: sign in instead', { reason: 'used' });
  if (row.revoked_at)
    return gone('This activation link was replaced by a newer email: use the latest one', { reason: 'superseded' });
  return gone('This activation link has expired: ask an admin to resend the invitation', { reason: 'expired' });
}

const usable = (row: InvitationRow | undefined): row is InvitationRow =>
  !!row && !row.used_at && !row.revoked_at && !row.expired;

/** What the console's activation screen shows before the person picks a name and password. */
export async function invitationInfo(em: EntityManager, token: string) {
  const row = await findByToken(em, token);
  if (!usable(row)) throw refusal(row);
  return {
    email: row.email,
    role: row.role,
    account: { id: row.account_id, name: row.account_name },
    expiresAt: new Date(row.expires_at).toISOString(),
  };
}

/**
 * Activation. The claim is one conditional UPDATE, so of any number of parallel requests with the same
 * token exactly one sees a row; the rest are told the link was used. The user turns active in the same
 * transaction, under the routing lock, because an active user can now be chosen by routing.
 */
export async function accept(
  em: EntityManager,
  input: z.output<typeof acceptBody>,
  deps: Pick<InvitationsDeps, 'onRoutingNeeded'>,
) {
  // Refuse dead links before paying for an Argon2 hash.
  const pre = await findByToken(em, input.token);
  if (!usable(pre)) throw refusal(pre);
  const passwordHash = await hashPassword(input.password);

  const result = await em.transactional(async (tx) => {
    // Locks in the order every admin transaction uses (routing, user, invitation): a removal or a Resend
    // racing this activation waits for it instead of deadlocking with it.
    await lockAccount(tx, pre.account_id);
    if (!(await lockUser(tx, pre.account_id, pre.user_id))) return null;
    const [claimed] = await tx.execute<{ user_id: string; account_id: string }[]>(
      `update invitations set used_at = now()
        where token_hash = ? and user_id = ? and used_at is null and revoked_at is null and expires_at > now()
        returning user_id, account_id`,
      [hashToken(input.token), pre.user_id],
    );
    if (!claimed) return null;
    const [user] = await tx.execute<{ id: string; email: string }[]>(
      `update users set status = 'active', name = ?, password_hash = ?, activated_at = now()
        where id = ? and account_id = ? and status = 'pending' returning id, email`,
      [input.name, passwordHash, claimed.user_id, claimed.account_id],
    );
    if (!user) throw conflict('This account is already active: sign in instead');
    // Links of the same user sent earlier die with this one (normally already revoked by Resend).
    await tx.execute(
      `update invitations set revoked_at = now() where user_id = ? and used_at is null and revoked_at is null`,
      [user.id],
      'run',
    );
    await recordAudit(tx, {
      accountId: claimed.account_id,
      actor: { userId: user.id, name: input.name },
      action: 'user.activated',
      target: { type: 'user', id: user.id, label: user.email },
      before: { status: 'pending' },
      after: { status: 'active', name: input.name },
    });
    const [account] = await tx.execute<{ name: string }[]>(`select name from accounts where id = ?`, [
      claimed.account_id,
    ]);
    return {
      user: { id: user.id, email: user.email, name: input.name },
      account: { id: claimed.account_id, name: account.name },
    };
  });
  if (!result) throw refusal(await findByToken(em, input.token));
  await deps.onRoutingNeeded(result.account.id, 'user_activated');
  return result;
}
