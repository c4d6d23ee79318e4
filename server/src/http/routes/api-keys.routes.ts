import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppContext } from '../../infra/context.js';
import { notFound } from '../../core/errors.js';
import { route } from '../route.js';
import { isoSql } from '../../routing/snapshot.repository.js';
import { authOf, type AuthContext } from '../auth.context.js';
import { requireMenu, requireSession } from '../auth.middleware.js';
import { hashToken, newToken } from '../../core/tokens.js';
import { recordAudit } from '../../modules/audit/audit.service.js';
import { apiKeyDto, apiKeyList, createApiKeyBody, createdApiKey, idParams } from '@switchboard/client-sdk/contract';

const COLS = `id, name, prefix, ${isoSql('created_at')} as "createdAt", ${isoSql('last_used_at')} as "lastUsedAt", ${isoSql('revoked_at')} as "revokedAt"`;
const actor = (a: AuthContext) => ({ userId: a.userId, name: a.name || a.email });

/** Account API keys for the inbound webhook (Developers menu: Admin, Developer). Stored hashed, shown once. */
export function apiKeysRoutes(ctx: AppContext) {
  const em = () => ctx.orm.em as EntityManager;
  const menu = [requireSession(ctx), requireMenu('developers')];
  return [
    route({
      method: 'get',
      path: '/api-keys',
      tag: 'developers',
      summary: 'List API keys (never the keys themselves)',
      security: 'session',
      before: menu,
      response: apiKeyList,
      handler: async ({ req }) => ({
        items: await em().execute(`select ${COLS} from api_keys where account_id = ? order by created_at desc`, [
          authOf(req).accountId,
        ]),
      }),
    }),
    route({
      method: 'post',
      path: '/api-keys',
      tag: 'developers',
      summary: 'Create an API key; the key is in this answer only',
      security: 'session',
      before: menu,
      body: createApiKeyBody,
      status: 201,
      response: createdApiKey,
      handler: async ({ req, body }) => {
        const auth = authOf(req);
        const key = newToken('sbk_');
        return em().transactional(async (tx) => {
          const [row] = await tx.execute(
            `insert into api_keys (id, account_id, name, prefix, key_hash, created_by_user_id, created_at) values (gen_random_uuid(), ?, ?, ?, ?, ?, now()) returning ${COLS}`,
            [auth.accountId, body.name, key.slice(0, 12), hashToken(key), auth.userId],
          );
          await recordAudit(tx, {
            accountId: auth.accountId,
            actor: actor(auth),
            action: 'api_key.created',
            target: { type: 'api_key', id: row.id, label: body.name },
          });
          return { ...row, key };
        });
      },
    }),
    route({
      method: 'delete',
      path: '/api-keys/:id',
      tag: 'developers',
      summary: 'Revoke an API key (immediately refused by the webhook)',
      security: 'session',
      before: menu,
      params: idParams,
      response: apiKeyDto,
      handler: async ({ req, params }) => {
        const auth = authOf(req);
        return em().transactional(async (tx) => {
          const [row] = await tx.execute(
            `update api_keys set revoked_at = coalesce(revoked_at, now()) where id = ? and account_id = ? returning ${COLS}`,
            [params.id, auth.accountId],
          );
          if (!row) throw notFound('API key');
          await recordAudit(tx, {
            accountId: auth.accountId,
            actor: actor(auth),
            action: 'api_key.revoked',
            target: { type: 'api_key', id: row.id, label: row.name },
          });
          return row;
        });
      },
    }),
  ];
}
