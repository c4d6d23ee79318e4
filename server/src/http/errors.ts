import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from 'pino';

import { DomainError, UnprocessableError, conflict, notFound, type ErrorCode } from '../core/errors.js';
import { isForeignKeyViolation, isInvalidValue, isTransientConflict, isUniqueViolation } from '../db/errors.js';

export type { ErrorCode };

/** The one place a contract code becomes an HTTP status. A Record, so a new code fails the typecheck here. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  enroll_2fa_first: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export const statusOf = (e: DomainError): number => (e instanceof UnprocessableError ? 422 : HTTP_STATUS[e.code]);

/**
 * An error raised by Express itself (body-parser and friends) with a 4xx status of its own: the status is
 * kept as it came, since no domain code names it.
 */
class TransportError extends DomainError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super('validation_failed', message);
  }
}

/** Field-level messages: `{ field: "teamIds.0", message: "Invalid UUID" }`. */
export function fromZod(err: ZodError, where: 'body' | 'query' | 'params'): DomainError {
  const fields = err.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), message: i.message }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new DomainError('validation_failed', `Invalid request: ${summary}`, { fields });
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new DomainError('not_found', `No route for ${req.method} ${req.path}`));
};

/** One error shape for the whole API: `{ error: { code, message, details? } }`. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    // body-parser and Express raise plain errors that carry a `type` or an HTTP `status`.
    const raw = (err ?? {}) as { type?: unknown; status?: unknown; message?: unknown };
    let e: DomainError;
    if (err instanceof DomainError) e = err;
    else if (err instanceof ZodError) e = fromZod(err, 'body');
    else if (raw.type === 'entity.parse.failed')
      e = new DomainError('validation_failed', 'Request body is not valid JSON');
    else if (raw.type === 'entity.too.large') e = new DomainError('payload_too_large', 'Request body is too large');
    else if (typeof raw.status === 'number' && raw.status >= 400 && raw.status < 500)
      e = new TransportError(raw.status, String(raw.message));
    // Services map the constraints they expect; these are the safety net so bad input never becomes a 5xx.
    else if (isUniqueViolation(err)) e = conflict('This conflicts with an existing record');
    else if (isForeignKeyViolation(err)) e = notFound('A referenced record');
    else if (isInvalidValue(err)) {
      log.warn({ err, method: req.method, path: req.path }, 'invalid value reached the database: tighten the schema');
      e = new DomainError(
        'validation_failed',
        'The request contains a value that cannot be stored (invalid characters, or out of range)',
      );
    } else if (isTransientConflict(err)) {
      log.warn(
        { err, method: req.method, path: req.path },
        'transaction rolled back by a lock conflict; the client may retry',
      );
      res.setHeader('retry-after', '1');
      e = new DomainError('unavailable', 'The change collided with another one and was not applied; send it again');
    } else {
      log.error({ err, method: req.method, path: req.path }, 'unhandled error');
      e = new DomainError('internal', 'Internal error');
    }
    const status = e instanceof TransportError ? e.status : statusOf(e);
    res
      .status(status)
      .json({ error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } });
  };
}
