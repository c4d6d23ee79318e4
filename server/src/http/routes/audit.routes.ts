import type { AppContext } from '../../infra/context.js';
import { route } from '../route.js';
import { authOf } from '../auth.context.js';
import { requireMenu, requireSession } from '../auth.middleware.js';
import { auditPage, auditQuery } from '@switchboard/client-sdk/contract';
import { listAudit } from '../../modules/audit/audit.service.js';

export function auditRoutes(ctx: AppContext) {
  const em = () => ctx.orm.em;
  return [
    route({
      method: 'get',
      path: '/audit',
      tag: 'audit',
      summary: 'Admin actions of the account, newest first',
      security: 'session',
      before: [requireSession(ctx), requireMenu('users_teams')],
      query: auditQuery,
      response: auditPage,
      handler: ({ req, query }) => listAudit(em(), authOf(req).accountId, query),
    }),
  ];
}
