import { availabilityBody, availabilityDto } from '@switchboard/client-sdk/contract';
import type { AppContext } from '../../infra/context.js';
import { route } from '../route.js';
import { routingFor } from '../../routing/routing.module.js';
import { announcePresence } from '../../routing/presence-announce.js';
import { authOf } from '../auth.context.js';
import { requireSession } from '../auth.middleware.js';

/**
 * Presence over REST until a client keeps a socket open: the client repeats PUT /me/availability as a
 * heartbeat; without one for PRESENCE_GRACE_MS the agent counts as offline. The socket gateway drives the
 * same store. Becoming available triggers routing at once (docs/routing.md: no polling delay).
 */
export function availabilityRoutes(ctx: AppContext) {
  const routing = routingFor(ctx);
  const ttl = ctx.config.PRESENCE_GRACE_MS;
  const view = async (accountId: string, userId: string) => {
    const s = await routing.presence.status(accountId, userId);
    return {
      status: !s.connected ? ('offline' as const) : s.paused ? ('paused' as const) : ('available' as const),
      expiresAt: s.connected && s.expiresAt ? new Date(s.expiresAt).toISOString() : null,
      heartbeatEveryMs: Math.max(1000, Math.floor(ttl / 3)),
    };
  };
  return [
    route({
      method: 'get',
      path: '/me/availability',
      tag: 'presence',
      summary: 'Whether routing sees the caller as available, paused or offline',
      security: 'session',
      before: [requireSession(ctx)],
      response: availabilityDto,
      handler: ({ req }) => view(authOf(req).accountId, authOf(req).userId),
    }),
    route({
      method: 'put',
      path: '/me/availability',
      tag: 'presence',
      security: 'session',
      summary: 'Set availability; repeat within heartbeatEveryMs to stay connected',
      before: [requireSession(ctx)],
      body: availabilityBody,
      response: availabilityDto,
      handler: async ({ req, body }) => {
        const { accountId, userId } = authOf(req);
        let becameAvailable = false;
        const before = await view(accountId, userId);
        if (body.status === 'offline') await routing.presence.disconnect(accountId, userId);
        else {
          const cameOnline = await routing.presence.heartbeat(accountId, userId, ttl);
          const unpaused = await routing.presence.setPaused(accountId, userId, body.status === 'paused');
          becameAvailable = body.status === 'available' && (cameOnline || unpaused);
        }
        // A heartbeat that changes nothing is not news for the load board.
        if (before.status !== body.status)
          await announcePresence(routing.presence, routing.publisher, accountId, userId).catch((err) =>
            ctx.log.warn({ err }, 'presence announcement failed'),
          );
        if (becameAvailable)
          await routing.queue
            .requestRouting(accountId, 'agent_available')
            .catch((err) => ctx.log.warn({ err }, 'routing request failed; the sweep will catch up'));
        return view(accountId, userId);
      },
    }),
  ];
}
