import type { EntityManager } from '@mikro-orm/postgresql';
import type { SessionStage } from '../db/entities/index.js';
import type { AuthContext } from '../modules/auth/auth.context.js';

export type LiveSession = AuthContext & { stage: SessionStage };

interface Row {
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
 * `resolveSession` for many sockets at once, by token hash (sockets never keep the token itself): one
 * query per node per re-validation tick instead of one per socket. The rule must stay the one of
 * `resolveSession` in modules/auth/session.service.ts: live session, active user, enrollment as there.
 */
export async function resolveSessionsByHash(em: EntityManager, tokenHashes: readonly string[]): Promise<Map<string, LiveSession>> {
  const out = new Map<string, LiveSession>();
  if (!tokenHashes.length) return out;
  const rows = await em.getConnection().execute<Row[]>(
    `select s.token_hash, s.id as session_id, s.stage, u.id as user_id, u.account_id, u.role, u.email, u.name, u.status,
            (u.totp_enabled_at is not null) as totp_enabled, a.require2fa, (a.owner_id = u.id) as is_owner
       from sessions s join users u on u.id = s.user_id join accounts a on a.id = u.account_id
      where s.token_hash = any(?::text[]) and s.revoked_at is null and s.expires_at > now()`,
    [`{${tokenHashes.join(',')}}`],
  );
  for (const r of rows) {
    if (r.status !== 'active') continue;
    out.set(r.token_hash, {
      sessionId: r.session_id, stage: r.stage, userId: r.user_id, accountId: r.account_id, role: r.role,
      email: r.email, name: r.name, isOwner: !!r.is_owner, totpEnabled: r.totp_enabled,
      enrollmentRequired: r.require2fa && !r.totp_enabled,
    });
  }
  return out;
}
