import type { AppContext } from '../../infra/context.js';
import { routingSettingsBody, routingSettingsDto } from '@switchboard/client-sdk/contract';
import { route } from '../route.js';
import { lockAccount } from '../../routing/account-lock.js';
import { routingFor } from '../../routing/routing.module.js';
import { loadSettings } from '../../routing/snapshot.repository.js';
import { authOf } from '../auth.context.js';
import { requireMenu, requireSession } from '../auth.middleware.js';
import { recordAudit } from '../../modules/audit/audit.service.js';

/** Routing settings (Account settings: Admin only, audited). They apply to the very next decision. */
export function routingSettingsRoutes(ctx: AppContext) {
  const em = () => ctx.orm.em;
  const routing = routingFor(ctx);
  const admin = [requireSession(ctx), requireMenu('account_settings')];
  return [
    route({
      method: 'get',
      path: '/account/routing',
      tag: 'account',
      summary: 'Routing strategy and the contact-owner fallback rule',
      security: 'session',
      before: admin,
      response: routingSettingsDto,
      handler: async ({ req }) => (await loadSettings(em(), authOf(req).accountId))!,
    }),
    route({
      method: 'put',
      path: '/account/routing',
      tag: 'account',
      summary: 'Change the strategy (balanced, round_robin) or fallback (pool, wait)',
      security: 'session',
      before: admin,
      body: routingSettingsBody,
      response: routingSettingsDto,
      handler: async ({ req, body }) => {
        const auth = authOf(req);
        const after = await em().transactional(async (tx) => {
          await lockAccount(tx, auth.accountId);
          const before = (await loadSettings(tx, auth.accountId))!;
          const next = {
            strategy: body.strategy ?? before.strategy,
            ownerFallback: body.ownerFallback ?? before.ownerFallback,
          };
          await tx.execute(`update accounts set routing_strategy = ?, owner_fallback = ? where id = ?`, [
            next.strategy,
            next.ownerFallback,
            auth.accountId,
          ]);
          await recordAudit(tx, {
            accountId: auth.accountId,
            actor: { userId: auth.userId, name: auth.name || auth.email },
            action: 'account.routing_changed',
            target: { type: 'account', id: auth.accountId, label: null },
            before: { ...before },
            after: next,
          });
          return next;
        });
        // 'pool' may release conversations that were waiting for their owner.
        await routing.queue
          .requestRouting(auth.accountId, 'manual')
          .catch((err) => ctx.log.warn({ err }, 'routing request failed; the sweep will catch up'));
        return after;
      },
    }),
  ];
}
