import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from 'pino';

import type { ErrorCode } from '@switchboard/client-sdk/contract';
import { isForeignKeyViolation, isInvalidValue, isTransientConflict, isUniqueViolation } from '../db/errors.js';

export type { ErrorCode };

/** A domain error the HTTP layer maps to a status; thrown by services, never built from HTTP types. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, details?: unknown) => new AppError(409, 'conflict', message, details);
export const forbidden = (message = 'Your role does not allow this') => new AppError(403, 'forbidden', message);
export const unauthenticated = (message = 'Sign in first') => new AppError(401, 'unauthenticated', message);

/** Field-level messages: `{ field: "teamIds.0", message: "Invalid UUID" }`. */
export function fromZod(err: ZodError, where: 'body' | 'query' | 'params'): AppError {
  const fields = err.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), message: i.message }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new AppError(400, 'validation_failed', `Invalid request: ${summary}`, { fields });
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'not_found', `No route for ${req.method} ${req.path}`));
};

/** One error shape for the whole API: `{ error: { code, message, details? } }`. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let e: AppError;
    if (err instanceof AppError) e = err;
    else if (err instanceof ZodError) e = fromZod(err, 'body');
    else if (err?.type === 'entity.parse.failed') e = new AppError(400, 'validation_failed', 'Request body is not valid JSON');
    else if (err?.type === 'entity.too.large') e = new AppError(413, 'payload_too_large', 'Request body is too large');
    else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) e = new AppError(err.status, 'validation_failed', String(err.message));
    // Services map the constraints they expect; these are the safety net so bad input never becomes a 5xx.
    else if (isUniqueViolation(err)) e = conflict('This conflicts with an existing record');
    else if (isForeignKeyViolation(err)) e = notFound('A referenced record');
    else if (isInvalidValue(err)) {
      log.warn({ err, method: req.method, path: req.path }, 'invalid value reached the database: tighten the schema');
      e = new AppError(400, 'validation_failed', 'The request contains a value that cannot be stored (invalid characters, or out of range)');
    }
    else if (isTransientConflict(err)) {
      log.warn({ err, method: req.method, path: req.path }, 'transaction rolled back by a lock conflict; the client may retry');
      res.setHeader('retry-after', '1');
      e = new AppError(503, 'unavailable', 'The change collided with another one and was not applied; send it again');
    }
    else {
      log.error({ err, method: req.method, path: req.path }, 'unhandled error');
      e = new AppError(500, 'internal', 'Internal error');
    }
    res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } });
  };
}
