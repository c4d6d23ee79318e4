import type { Request } from 'express';
import type { AuthContext } from '../modules/auth/auth.context.js';
import { unauthenticated } from '../core/errors.js';

// AuthContext itself is domain data (services take it); only carrying it on the Express request is HTTP.
export type { AuthContext };

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthContext;
  }
}

export function authOf(req: Request): AuthContext {
  if (!req.auth) throw unauthenticated();
  return req.auth;
}
