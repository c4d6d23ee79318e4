import type { UseFormReturnType } from '@mantine/form';
import { fieldErrors } from './errors.js';

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
