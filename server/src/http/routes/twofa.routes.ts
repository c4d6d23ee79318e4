import type { Request } from 'express';
import type { AppContext } from '../../infra/context.js';
import { route } from '../route.js';
import { authOf } from '../auth.context.js';
import { bearerToken, requireMenu, requireSession } from '../auth.middleware.js';
import {
  accountSecurityBody,
  accountSecurityResponse,
  codeBody,
  enrollResponse,
  proofBody,
  recoveryCodesResponse,
  statusResponse,
  userIdParams,
  verifyResponse,
} from '@switchboard/client-sdk/contract';
import { TwoFactorService } from '../../modules/twofa/twofa.service.js';
import { notifyAccountChanged, notifyUserChanged } from '../../realtime/revocation.js';

const meta = (req: Request) => ({
  ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  userAgent: req.get('user-agent'),
});

/**
 * Two-factor authentication. Only status, enroll and confirm stay open to a member the account forces to enroll;
 * everything else goes through the default requireSession, which answers 403 enroll_2fa_first.
 * The account switch sits under Users & teams, where the help page puts "Enabling 2FA for All Members".
 */
export function twofaRoutes(ctx: AppContext) {
  const em = () => ctx.orm.em;
  const service = new TwoFactorService(ctx);
  const enrolling = requireSession(ctx, { allowUnenrolled: true });
  const session = requireSession(ctx);
  const admin = [session, requireMenu('users_teams')];
  return [
    route({
      method: 'get',
      path: '/me/2fa',
      tag: '2fa',
      summary: 'Whether the caller has 2FA, and whether the account requires it',
      security: 'session',
      before: [enrolling],
      response: statusResponse,
      handler: ({ req }) => service.status(em(), authOf(req)),
    }),
    route({
      method: 'post',
      path: '/me/2fa/enroll',
      tag: '2fa',
      summary: 'Start enrollment: a new secret as otpauth URI and QR code (not enabled until confirmed)',
      security: 'session',
      before: [enrolling],
      response: enrollResponse,
      handler: ({ req }) => service.startEnrollment(em(), authOf(req)),
    }),
    route({
      method: 'post',
      path: '/me/2fa/confirm',
      tag: '2fa',
      summary: 'Enable 2FA with a first code; returns the recovery codes once',
      security: 'session',
      before: [enrolling],
      body: codeBody,
      response: recoveryCodesResponse,
      handler: ({ req, body }) => service.confirmEnrollment(em(), authOf(req), body.code, meta(req)),
    }),
    route({
      method: 'post',
      path: '/me/2fa/disable',
      tag: '2fa',
      summary: 'Disable 2FA with a code or a recovery code (refused while the account requires 2FA)',
      security: 'session',
      before: [session],
      body: proofBody,
      status: 204,
      handler: ({ req, body }) => service.disable(em(), authOf(req), body, meta(req)),
    }),
    route({
      method: 'post',
      path: '/me/2fa/recovery-codes',
      tag: '2fa',
      summary: 'Replace the recovery codes (a code or recovery code required); returns them once',
      security: 'session',
      before: [session],
      body: proofBody,
      response: recoveryCodesResponse,
      handler: ({ req, body }) => service.regenerateRecoveryCodes(em(), authOf(req), body, meta(req)),
    }),
    route({
      // Authenticated by the sign-in's mfa-stage token, which requireSession refuses by design.
      method: 'post',
      path: '/auth/2fa/verify',
      tag: 'auth',
      summary: 'Second sign-in step: trade the mfa-stage token and a code for a full session',
      security: 'session',
      body: proofBody,
      response: verifyResponse,
      handler: ({ req, body }) => service.verifySignIn(em(), bearerToken(req.headers.authorization), body, meta(req)),
    }),
    route({
      method: 'get',
      path: '/account/security',
      tag: '2fa',
      summary: 'Whether the account requires 2FA, and how many members have not enrolled',
      security: 'session',
      before: admin,
      response: accountSecurityResponse,
      handler: ({ req }) => service.accountSecurity(em(), authOf(req).accountId),
    }),
    route({
      method: 'put',
      path: '/account/security',
      tag: '2fa',
      summary: 'Require 2FA for all members, or stop requiring it (audited)',
      security: 'session',
      before: admin,
      body: accountSecurityBody,
      response: accountSecurityResponse,
      handler: async ({ req, body }) => {
        const r = await service.setAccountRequirement(em(), authOf(req), body.require2fa);
        // Members without 2FA lose their sockets now (enroll_2fa_first), not at the next periodic re-check.
        await notifyAccountChanged(ctx, authOf(req).accountId);
        return r;
      },
    }),
    route({
      method: 'delete',
      path: '/users/:userId/2fa',
      tag: '2fa',
      summary: "Reset a member's 2FA after a lost device (revokes their sessions; audited)",
      security: 'session',
      before: admin,
      params: userIdParams,
      status: 204,
      handler: async ({ req, params }) => {
        await service.resetMember(em(), authOf(req), params.userId);
        await notifyUserChanged(ctx, authOf(req).accountId, params.userId);
      },
    }),
  ];
}
