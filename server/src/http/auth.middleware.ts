import type { RequestHandler } from 'express';
import type { AppContext } from '../infra/context.js';
import { enroll2faFirst, forbidden, unauthenticated } from '../core/errors.js';
import { canSeeMenu, type Menu } from '../core/permissions.js';
import { authOf } from './auth.context.js';
import { resolveSession } from '../modules/auth/session.service.js';

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m ? m[1] : null;
}

export interface SessionOptions {
  /** Open to members who must still enroll 2FA (the enrollment endpoints and sign-out). */
  allowUnenrolled?: boolean;
}

/** Authenticates the bearer session and sets `req.auth`; a half-finished 2FA sign-in is not a session. */
export function requireSession(ctx: AppContext, opts: SessionOptions = {}): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) return next(unauthenticated('Missing bearer session token'));
    const auth = await resolveSession(ctx.orm.em, token);
    if (!auth || auth.stage !== 'full') return next(unauthenticated('Session is invalid, expired or revoked'));
    if (auth.enrollmentRequired && !opts.allowUnenrolled) {
      return next(
        enroll2faFirst('This account requires two-factor authentication: enroll 2FA first (POST /me/2fa/enroll)'),
      );
    }
    req.auth = auth;
    next();
  };
}

/** Default-deny role check for the endpoints behind a menu (docs/model.md, Roles). */
export function requireMenu(menu: Menu): RequestHandler {
  return (req, _res, next) => {
    const auth = authOf(req);
    if (!canSeeMenu(auth.role, menu))
      return next(forbidden(`Your role (${auth.role}) cannot use ${menu.replace('_', ' ')}`));
    next();
  };
}
