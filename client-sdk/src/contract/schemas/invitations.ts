import { z } from 'zod';
import { email, password } from './auth.js';
import { plainText } from './text.js';
import { capacity, ROLES, teamIds, userDto } from './users.js';

export const inviteBody = z.strictObject({
  email,
  role: z.enum(ROLES),
  teamIds: teamIds.default([]),
  /** Omitted = unlimited. */
  capacity: capacity.optional(),
});

const token = z
  .string()
  .min(1, 'The token from the activation link is required')
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'Not a token from an activation link');

export const tokenParams = z.strictObject({ token });

export const acceptBody = z.strictObject({
  token,
  name: plainText(200, 'Your name'),
  password,
});

const invitationState = z.object({
  expiresAt: z.string(),
  /** Whether the activation email went out (or into the outbox). false: use Resend once mail works again. */
  emailSent: z.boolean(),
});

export const invitedUser = z.object({ user: userDto, invitation: invitationState });

export const invitationInfo = z.object({
  email: z.string(),
  role: z.enum(ROLES),
  account: z.object({ id: z.uuid(), name: z.string() }),
  expiresAt: z.string(),
});

export const activated = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
  account: z.object({ id: z.uuid(), name: z.string() }),
});
