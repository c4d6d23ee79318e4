import { z } from 'zod';

/**
 * Human text (names, search terms, messages): trimmed, bounded, free of control characters and of unpaired
 * UTF-16 surrogates. PostgreSQL refuses NUL in text and a lone surrogate in jsonb (where audit snapshots and
 * socket events go), so without these checks such input would reach the database and fail there instead of
 * being refused here. `multiline` lets line breaks and tabs through: a chat reply has paragraphs.
 */
export const plainText = (max: number, label: string, opts: { multiline?: boolean } = {}) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} has at most ${max} characters`)
    .regex(
      // eslint-disable-next-line no-control-regex -- rejecting control characters is the point of these patterns
      opts.multiline ? /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/ : /^[^\u0000-\u001f\u007f]*$/,
      `${label} must not contain control characters`,
    )
    .regex(/^\P{Cs}*$/u, `${label} must be valid Unicode text`);
