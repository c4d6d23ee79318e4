import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { apiKeyDto, createdApiKey } from '@switchboard/client-sdk/contract';
import { notFound } from '../../core/errors.js';
import { hashToken, newToken } from '../../core/tokens.js';
import { isoSql } from '../../db/conversation-summary.js';
import type { AuthContext } from '../auth/auth.context.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf } from '../users/users.service.js';

type ApiKeyDto = z.output<typeof apiKeyDto>;

const COLS = `id, name, prefix, ${isoSql('created_at')} as "createdAt", ${isoSql('last_used_at')} as "lastUsedAt", ${isoSql('revoked_at')} as "revokedAt"`;

/** Account API keys for the inbound webhook. Only a hash is stored; the key itself exists in one answer. */
export function listApiKeys(em: EntityManager, auth: AuthContext): Promise<ApiKeyDto[]> {
  return em.execute<ApiKeyDto[]>(`select ${COLS} from api_keys where account_id = ? order by created_at desc`, [
    auth.accountId,
  ]);
}

export function createApiKey(
  em: EntityManager,
  auth: AuthContext,
  name: string,
): Promise<z.output<typeof createdApiKey>> {
  const key = newToken('sbk_');
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<ApiKeyDto[]>(
      `insert into api_keys (id, account_id, name, prefix, key_hash, created_by_user_id, created_at) values (gen_random_uuid(), ?, ?, ?, ?, ?, now()) returning ${COLS}`,
      [auth.accountId, name, key.slice(0, 12), hashToken(key), auth.userId],
    );
    await recordAudit(tx, {
      accountId: auth.accountId,
      actor: actorOf(auth),
      action: 'api_key.created',
      target: { type: 'api_key', id: row.id, label: name },
    });
    return { ...row, key };
  });
}

/** Revoking twice keeps the first revocation time; the webhook refuses the key from the commit on. */
export function revokeApiKey(em: EntityManager, auth: AuthContext, id: string): Promise<ApiKeyDto> {
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<ApiKeyDto[]>(
      `update api_keys set revoked_at = coalesce(revoked_at, now()) where id = ? and account_id = ? returning ${COLS}`,
      [id, auth.accountId],
    );
    if (!row) throw notFound('API key');
    await recordAudit(tx, {
      accountId: auth.accountId,
      actor: actorOf(auth),
      action: 'api_key.revoked',
      target: { type: 'api_key', id: row.id, label: row.name },
    });
    return row;
  });
}
