import type { EntityManager } from '@mikro-orm/postgresql';
import { Session, type SessionStage } from '../../db/entities/index.js';
import type { AuthContext } from './auth.context.js';
import { hashToken, newToken } from '../../core/tokens.js';

/**
 * Opaque bearer tokens backed by a `sessions` row: revocation (sign-out, removal, role change) takes effect
 * on the very next request, across every server node, with no token blacklist to keep in sync.
 */
export async function createSession(
  em: EntityManager,
  user: { id: string; accountId: string },
  opts: { stage: SessionStage; ttlHours: number; ip?: string; userAgent?: string },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = newToken('sbs_');
  const expiresAt = new Date(Date.now() + (opts.stage === 'mfa' ? 10 / 60 : opts.ttlHours) * 3600_000);
  const session = em.create(Session, {
    account: user.accountId,
    user: user.id,
    tokenHash: hashToken(token),
    stage: opts.stage,
    ip: opts.ip?.slice(0, 64) ?? null,
    userAgent: opts.userAgent?.slice(0, 400) ?? null,
    expiresAt,
  });
  await em.persistAndFlush(session);
  return { token, sessionId: session.id, expiresAt };
}

export type LiveSession = AuthContext & { stage: SessionStage };

interface SessionRow {
  token_hash: string;
  session_id: string;
  stage: SessionStage;
  user_id: string;
  account_id: string;
  role: AuthContext['role'];
  email: string;
  name: string;
  status: string;
  totp_enabled: boolean;
  require2fa: boolean;
  is_owner: boolean;
}

/**
 * The one rule for a live session (not expired, not revoked, user active, 2FA enrollment owed or not), for
 * many token hashes in one query: REST resolves one token per request, the socket gateway re-validates all
 * of a node's sockets per tick (sockets keep only the hash, never the token).
 */
export async function resolveSessionsByHash(
  em: EntityManager,
  tokenHashes: readonly string[],
): Promise<Map<string, LiveSession>> {
  const out = new Map<string, LiveSession>();
  if (!tokenHashes.length) return out;
  const rows = await em.getConnection().execute<SessionRow[]>(
    `select s.token_hash, s.id as session_id, s.stage, u.id as user_id, u.account_id, u.role, u.email, u.name, u.status,
            (u.totp_enabled_at is not null) as totp_enabled, a.require2fa, (a.owner_id = u.id) as is_owner
       from sessions s join users u on u.id = s.user_id join accounts a on a.id = u.account_id
      where s.token_hash = any(?::text[]) and s.revoked_at is null and s.expires_at > now()`,
    [`{${tokenHashes.join(',')}}`],
  );
  for (const r of rows) {
    if (r.status !== 'active') continue;
    out.set(r.token_hash, {
      sessionId: r.session_id,
      stage: r.stage,
      userId: r.user_id,
      accountId: r.account_id,
      role: r.role,
      email: r.email,
      name: r.name,
      isOwner: !!r.is_owner,
      totpEnabled: r.totp_enabled,
      enrollmentRequired: r.require2fa && !r.totp_enabled,
    });
  }
  return out;
}

/** Resolves one bearer token to its live session, or null. */
export async function resolveSession(em: EntityManager, token: string): Promise<LiveSession | null> {
  const hash = hashToken(token);
  return (await resolveSessionsByHash(em, [hash])).get(hash) ?? null;
}

export async function revokeSession(em: EntityManager, sessionId: string): Promise<void> {
  await em
    .getConnection()
    .execute(`update sessions set revoked_at = now() where id = ? and revoked_at is null`, [sessionId]);
}

/** Revokes every session of a user (sign out everywhere, removal, role change). Returns how many. */
export async function revokeUserSessions(em: EntityManager, userId: string): Promise<number> {
  const res = await em
    .getConnection()
    .execute(`update sessions set revoked_at = now() where user_id = ? and revoked_at is null`, [userId], 'run');
  return (res as { affectedRows?: number }).affectedRows ?? 0;
}
