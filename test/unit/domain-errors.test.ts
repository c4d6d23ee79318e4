import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@switchboard/client-sdk/contract';
import { DomainError, unprocessable } from '../../server/src/core/errors.js';
import { HTTP_STATUS, statusOf } from '../../server/src/http/errors.js';
import { ClaimConflictError } from '../../server/src/routing/claim.repository.js';

// Domain errors name a contract code only; the REST status comes from one table in http/errors.ts.
describe('domain errors and their HTTP statuses', () => {
  it('every contract code has a status, and the table names no other code', () => {
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('a claim the database refused is a 409 conflict, not a 500', () => {
    const e = new ClaimConflictError('A conversation left Unassigned during the claim; try again');
    expect(e).toBeInstanceOf(DomainError);
    expect(e.code).toBe('conflict');
    expect(statusOf(e)).toBe(409);
  });

  it('an unknown reference keeps its 422 beside the 400 of malformed input', () => {
    expect(statusOf(unprocessable('Unknown team'))).toBe(422);
    expect(statusOf(new DomainError('validation_failed', 'bad'))).toBe(400);
  });
});
