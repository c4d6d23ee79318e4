import express, { type Express } from 'express';
import helmet from 'helmet';
import { RequestContext } from '@mikro-orm/core';
import type { AppContext } from '../infra/context.js';
import type { Metrics } from '../infra/metrics.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { mountRoutes, openApiDocument, route, type AnyRoute } from './route.js';
import { healthRoutes } from './routes/health.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { twofaRoutes } from './routes/twofa.routes.js';
import { inboundRoutes } from './routes/inbound.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { invitationsRoutes } from './routes/invitations.routes.js';
import { teamsRoutes } from './routes/teams.routes.js';
import { safeRoutingHook, safeUsersChanged, type AdminEffects } from '../modules/users/routing-hook.js';
import { notifyUserChanged } from '../realtime/revocation.js';
import { usersRoutes } from './routes/users.routes.js';
import { createMailer } from '../infra/mailer.js';
import { routingFor } from '../routing/routing.module.js';
import { registerRoutingMetrics } from '../routing/routing.metrics.js';
import { conversationsRoutes } from './routes/conversations.routes.js';
import { availabilityRoutes } from './routes/availability.routes.js';
import { channelsRoutes } from './routes/channels.routes.js';
import { routingSettingsRoutes } from './routes/routing-settings.routes.js';
import { contactsRoutes } from './routes/contacts.routes.js';
import { apiKeysRoutes } from './routes/api-keys.routes.js';
import { consoleRoutes, contentSecurityPolicy } from './console.js';
import { loadBoardRoutes } from './routes/load-board.routes.js';

/** Every route of the API; each module adds its list here. */
export function apiRoutes(ctx: AppContext, metrics: Metrics): AnyRoute[] {
  // Admin changes that may free capacity or widen eligibility ask routing to run once they committed.
  const routing = routingFor(ctx);
  registerRoutingMetrics(metrics.registry, {
    queueDepth: async () => {
      const c = await routing.queue.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(c).reduce((a, b) => a + b, 0);
    },
    loads: () =>
      ctx.orm.em.fork().execute(
        `select u.account_id as "accountId", coalesce(sum(l.ongoing), 0)::int as ongoing,
              coalesce(sum(u.capacity) filter (where u.status = 'active'), 0)::int as capacity
       from users u left join agent_loads l on l.user_id = u.id group by u.account_id`,
      ),
  });
  const onRoutingNeeded = safeRoutingHook(
    (accountId, reason) => routing.queue.requestRouting(accountId, reason),
    ctx.log,
  );
  const admin: AdminEffects = {
    onRoutingNeeded,
    // Removal, role and team changes revoke sessions; this makes the gateways drop or re-scope sockets now.
    onUsersChanged: safeUsersChanged(async (accountId, userIds) => {
      for (const userId of userIds) await notifyUserChanged(ctx, accountId, userId);
    }, ctx.log),
    publish: (events) => routing.publisher.publish(events),
  };
  const mailer = createMailer(ctx.config, ctx.log);
  return [
    ...healthRoutes(ctx, metrics),
    ...authRoutes(ctx),
    ...twofaRoutes(ctx),
    ...inboundRoutes(ctx),
    ...conversationsRoutes(ctx),
    ...availabilityRoutes(ctx),
    ...loadBoardRoutes(ctx),
    ...channelsRoutes(ctx),
    ...routingSettingsRoutes(ctx),
    ...contactsRoutes(ctx),
    ...apiKeysRoutes(ctx),
    ...usersRoutes(ctx, admin),
    ...invitationsRoutes(ctx, { config: ctx.config, mailer, log: ctx.log, onRoutingNeeded }),
    ...teamsRoutes(ctx, admin),
    ...auditRoutes(ctx),
  ];
}

export function createApp(ctx: AppContext, metrics: Metrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet({ contentSecurityPolicy: contentSecurityPolicy(ctx.config.publicUrl) }));
  app.use(express.json({ limit: '256kb' }));
  // A fresh identity map per request: never the global EntityManager. The inbound webhook forks its own
  // EntityManagers explicitly and never reads the request context, so it skips the per-request fork
  // (about 30 µs of CPU a message in its profile).
  app.use((req, _res, next) =>
    req.path.startsWith('/v1/inbound/') ? next() : RequestContext.create(ctx.orm.em, next),
  );
  app.use((req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const routePath = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route: routePath, status: res.statusCode });
      end({ method: req.method, route: routePath });
    });
    next();
  });

  const routes = apiRoutes(ctx, metrics);
  const doc = openApiDocument(
    [
      ...routes,
      route({
        method: 'get',
        path: '/openapi.json',
        tag: 'meta',
        summary: 'This document',
        security: 'none',
        handler: () => undefined,
      }),
    ],
    { title: 'Switchboard API', version: '0.1.0', serverUrl: ctx.config.publicUrl },
  );
  app.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  // Before the API, because a page load of a client route such as /contacts must get the console, not the API.
  app.use(consoleRoutes(ctx.config.consoleDir, ctx.log));
  app.use(mountRoutes(routes));
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.log));
  return app;
}
