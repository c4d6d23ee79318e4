import { schemaResolver, type UseFormReturnType } from '@mantine/form';
import { useCallback, useRef } from 'react';
import { fieldErrors } from './errors.js';

/**
 * A form's `validate` from a contract schema (`@switchboard/client-sdk/contract`), the one the server validates the
 * same request with, so the browser refuses exactly what the API would and says it in the same words.
 */
export const validateWith = (schema: Parameters<typeof schemaResolver>[0]) => schemaResolver(schema, { sync: true });

/**
 * Runs a submit unless the previous one is still in flight. A ref, not `mutation.isPending`: the second click of
 * a double click can arrive before React has rendered the pending state.
 */
export function useSubmitOnce(): (run: () => Promise<void>) => Promise<void> {
  const busy = useRef(false);
  return useCallback(async (run) => {
    if (busy.current) return;
    busy.current = true;
    try {
      await run();
    } finally {
      busy.current = false;
    }
  }, []);
}

/**
 * Puts the server's field errors next to the form's fields; returns true when at least one landed on a field.
 * The values stay as typed.
 */
export function applyServerErrors<T extends Record<string, unknown>>(
  form: UseFormReturnType<T>,
  err: unknown,
): boolean {
  const errors = fieldErrors(err);
  const known = Object.keys(form.getValues());
  let placed = false;
  for (const [field, message] of Object.entries(errors)) {
    if (known.includes(field)) {
      form.setFieldError(field, message);
      placed = true;
    }
  }
  return placed;
}

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
