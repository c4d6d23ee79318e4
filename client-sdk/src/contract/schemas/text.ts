import { z } from 'zod';

/**
 * Human text (names, search terms): trimmed, bounded, free of control characters and of unpaired UTF-16
 * surrogates. PostgreSQL refuses NUL in text and a lone surrogate in jsonb (where audit snapshots go), so
 * without these checks such input would reach the database and fail there instead of being refused here.
 */
export const plainText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} has at most ${max} characters`)
    // eslint-disable-next-line no-control-regex -- rejecting control characters is the point of this pattern
    .regex(/^[^\u0000-\u001f\u007f]*$/, `${label} must not contain control characters`)
    .regex(/^\P{Cs}*$/u, `${label} must be valid Unicode text`);
