import type { ErrorCode } from '@switchboard/client-sdk/contract';

export type { ErrorCode };

/**
 * An error the domain throws on purpose: a contract code, a message a person can act on, optional details.
 * It carries no HTTP status, so services, the routing worker and the socket gateway share it; each edge
 * maps the code to its own transport (http/errors.ts has the one status table).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * Well-formed input that names something the account does not have (an unknown team in a body field).
 * Its own class rather than a code, because the contract has one validation code for both cases while
 * REST has always answered this one 422 instead of 400.
 */
export class UnprocessableError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('validation_failed', message, details);
  }
}

export const notFound = (what: string, details?: unknown) => new DomainError('not_found', `${what} not found`, details);
export const conflict = (message: string, details?: unknown) => new DomainError('conflict', message, details);
export const forbidden = (message = 'Your role does not allow this') => new DomainError('forbidden', message);
export const unauthenticated = (message = 'Sign in first', details?: unknown) =>
  new DomainError('unauthenticated', message, details);
export const validation = (message: string, details?: unknown) =>
  new DomainError('validation_failed', message, details);
export const unprocessable = (message: string, details?: unknown) => new UnprocessableError(message, details);
export const gone = (message: string, details?: unknown) => new DomainError('gone', message, details);
export const rateLimited = (message: string, details?: unknown) => new DomainError('rate_limited', message, details);
export const enroll2faFirst = (message: string) => new DomainError('enroll_2fa_first', message);
export const internal = (message = 'Internal error') => new DomainError('internal', message);
