import { z } from 'zod';
import { ROLES } from './users.js';

/**
 * The menus a role may open; the server's permission matrix maps roles onto them and GET /me returns them.
 * `load_board`: the live load board (issue 12: Admins edit capacity there, Inbox Managers watch it read-only).
 */
export const MENUS = [
  'inbox',
  'contact',
  'chatbot',
  'integration',
  'developers',
  'account_settings',
  'users_teams',
  'load_board',
] as const;
export type Menu = (typeof MENUS)[number];

export const email = z
  .email()
  .max(320)
  .transform((e) => e.toLowerCase());
export const password = z.string().min(8, 'Password must be at least 8 characters').max(200);

export const signInBody = z.strictObject({
  email,
  password: z.string().min(1).max(200),
  /** Only needed when the same email belongs to several accounts. */
  accountId: z.uuid().optional(),
});

export const signInResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  /** 'mfa': send a TOTP or recovery code to POST /auth/2fa/verify with this token to finish signing in. */
  stage: z.enum(['mfa', 'full']),
  enrollmentRequired: z.boolean(),
});

export const meResponse = z.object({
  user: z.object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    capacity: z.number().int().nullable(),
    isOwner: z.boolean(),
    totpEnabled: z.boolean(),
    teams: z.array(z.object({ id: z.uuid(), name: z.string() })),
  }),
  account: z.object({ id: z.uuid(), name: z.string(), require2fa: z.boolean() }),
  menus: z.array(z.enum(MENUS)),
  permissions: z.object({
    visibility: z.enum(['all', 'own']),
    assignOthers: z.boolean(),
    overrideCapacity: z.boolean(),
    manageContactOwners: z.boolean(),
  }),
  enrollmentRequired: z.boolean(),
});

export const signOutEverywhereResponse = z.object({ revoked: z.number().int() });
