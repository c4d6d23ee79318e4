import { ApiError } from '@switchboard/client-sdk';

export interface FieldError {
  field: string;
  message: string;
}

/** The server's per-field errors (`error.details.fields[{ field, message }]`), keyed by field (the last path segment too). */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  const fields = (err.details as { fields?: FieldError[] } | undefined)?.fields;
  if (!Array.isArray(fields)) return out;
  for (const f of fields) {
    if (typeof f?.field !== 'string') continue;
    out[f.field] ??= f.message;
    const last = f.field.split('.').pop();
    if (last) out[last] ??= f.message;
  }
  return out;
}

/** A failure that means "the server is not answering", as opposed to an API error. */
export const isNetworkError = (err: unknown): boolean =>
  !(err instanceof ApiError) || err.status === 502 || err.status === 503 || err.status === 504;

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return 'The server cannot be reached. Try again in a moment.';
  return err instanceof Error ? err.message : String(err);
}
