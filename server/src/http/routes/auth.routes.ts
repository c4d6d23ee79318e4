import type { AppContext } from '../../infra/context.js';
import { route } from '../route.js';
import { bodyEmail, redisRateLimit } from '../rate-limit.js';
import { authOf } from '../auth.context.js';
import { requireSession } from '../auth.middleware.js';
import { meResponse, signInBody, signInResponse, signOutEverywhereResponse } from '@switchboard/client-sdk/contract';
import { me, signIn } from '../../modules/auth/auth.service.js';
import { revokeSession, revokeUserSessions } from '../../modules/auth/session.service.js';
import { notifyUserChanged } from '../../realtime/revocation.js';

export function authRoutes(ctx: AppContext) {
  const em = () => ctx.orm.em;
  const anySession = requireSession(ctx, { allowUnenrolled: true });
  const signInLimits = [
    redisRateLimit(ctx.redis, ctx.keys, {
      name: 'signin-ip',
      perMinute: ctx.config.RATE_LIMIT_SIGNIN_IP_PER_MIN,
      key: 'ip',
      what: 'sign-in attempts from this address',
    }),
    redisRateLimit(ctx.redis, ctx.keys, {
      name: 'signin-email',
      perMinute: ctx.config.RATE_LIMIT_SIGNIN_PER_MIN,
      key: bodyEmail,
      failuresOnly: true,
      what: 'failed sign-ins for this email',
    }),
  ];
  return [
    route({
      method: 'post',
      path: '/auth/sign-in',
      tag: 'auth',
      summary: 'Sign in with email and password',
      security: 'none',
      body: signInBody,
      response: signInResponse,
      before: signInLimits,
      handler: ({ body, req }) => signIn(em(), ctx.config, body, { ip: req.ip, userAgent: req.get('user-agent') }),
    }),
    route({
      method: 'post',
      path: '/auth/sign-out',
      tag: 'auth',
      summary: 'Revoke this session',
      security: 'session',
      status: 204,
      before: [anySession],
      handler: async ({ req }) => {
        const auth = authOf(req);
        await revokeSession(em(), auth.sessionId);
        // Sockets opened with this session close now rather than at the next periodic re-check.
        await notifyUserChanged(ctx, auth.accountId, auth.userId);
      },
    }),
    route({
      method: 'post',
      path: '/auth/sign-out-everywhere',
      tag: 'auth',
      summary: 'Revoke every session of the caller',
      security: 'session',
      before: [anySession],
      response: signOutEverywhereResponse,
      handler: async ({ req }) => {
        const auth = authOf(req);
        const revoked = await revokeUserSessions(em(), auth.userId);
        await notifyUserChanged(ctx, auth.accountId, auth.userId);
        return { revoked };
      },
    }),
    route({
      method: 'get',
      path: '/me',
      tag: 'auth',
      summary: 'The caller, their role, teams, capacity and the menus their role sees',
      security: 'session',
      before: [anySession],
      response: meResponse,
      handler: ({ req }) => me(em(), authOf(req)),
    }),
  ];
}
