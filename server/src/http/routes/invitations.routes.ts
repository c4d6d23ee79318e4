import type { AppContext } from '../../infra/context.js';
import { redisRateLimit } from '../rate-limit.js';
import { route } from '../route.js';
import { authOf } from '../auth.context.js';
import { requireMenu, requireSession } from '../auth.middleware.js';
import { emptyBody, idParams } from '@switchboard/client-sdk/contract';
import {
  acceptBody,
  activated,
  invitationInfo,
  invitedUser,
  inviteBody,
  tokenParams,
} from '@switchboard/client-sdk/contract';
import {
  accept,
  invitationInfo as readInvitation,
  invite,
  resend,
  type InvitationsDeps,
} from '../../modules/invitations/invitations.service.js';

export function invitationsRoutes(ctx: AppContext, deps: InvitationsDeps) {
  const em = () => ctx.orm.em;
  const admin = [requireSession(ctx), requireMenu('users_teams')];
  // Public endpoints that take a token: limited per IP so nobody can hammer them across server nodes.
  const activationLimit = redisRateLimit(ctx.redis, ctx.keys, {
    name: 'activation-ip',
    perMinute: ctx.config.RATE_LIMIT_ACTIVATION_PER_MIN,
    key: 'ip',
    what: 'activation attempts from this address',
  });
  return [
    route({
      method: 'post',
      path: '/invitations',
      tag: 'invitations',
      summary: 'Invite a user by email (status pending) and send the activation email',
      security: 'session',
      before: admin,
      body: inviteBody,
      status: 201,
      response: invitedUser,
      handler: ({ req, body }) => invite(em(), authOf(req), body, deps),
    }),
    route({
      method: 'post',
      path: '/users/:id/resend-invitation',
      tag: 'invitations',
      summary: 'Send a new activation email; earlier links stop working',
      security: 'session',
      before: admin,
      params: idParams,
      body: emptyBody,
      response: invitedUser,
      handler: ({ req, params }) => resend(em(), authOf(req), params.id, deps),
    }),
    route({
      method: 'get',
      path: '/invitations/:token',
      tag: 'invitations',
      summary: "What an activation link is for (email, account, role), for the console's activation screen",
      security: 'none',
      before: [activationLimit],
      params: tokenParams,
      response: invitationInfo,
      handler: ({ params }) => readInvitation(em(), params.token),
    }),
    route({
      method: 'post',
      path: '/invitations/accept',
      tag: 'invitations',
      summary: 'Activate an invited account with a name and password (single use)',
      security: 'none',
      before: [activationLimit],
      body: acceptBody,
      response: activated,
      handler: ({ body }) => accept(em(), body, deps),
    }),
  ];
}
