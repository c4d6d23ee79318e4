import { z } from 'zod';
import { plainText } from './text.js';

export const ROLES = ['admin', 'operator', 'developer', 'inbox_manager', 'service', 'sale'] as const;
export type Role = (typeof ROLES)[number];
export const USER_STATUSES = ['pending', 'active'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const MAX_CAPACITY = 10_000;
export const MAX_TEAMS_PER_REQUEST = 200;

/** For actions without input: anything sent is refused rather than silently ignored. */
export const emptyBody = z.strictObject({}).optional();

export const idParams = z.strictObject({ id: z.uuid('Must be a UUID') });

/** Team ids of a request; repeats are harmless, so they are folded rather than refused. */
export const teamIds = z
  .array(z.uuid('Must be a team id (UUID)'))
  .max(MAX_TEAMS_PER_REQUEST)
  .transform((ids) => [...new Set(ids)]);

/** null = unlimited; 0 = receives nothing automatically (docs/routing.md). */
export const capacity = z
  .int('Capacity must be an integer, or null for unlimited')
  .min(0, 'Capacity cannot be negative')
  .max(MAX_CAPACITY, `Capacity cannot exceed ${MAX_CAPACITY}`)
  .nullable();

export const listUsersQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(USER_STATUSES).optional(),
  role: z.enum(ROLES).optional(),
  teamId: z.uuid().optional(),
  /** Part of a name or an email, case-insensitive. */
  q: plainText(200, 'The search').optional(),
});

const editableUser = z
  .strictObject({ role: z.enum(ROLES).optional(), teamIds: teamIds.optional() })
  .refine((v) => v.role !== undefined || v.teamIds !== undefined, 'Send role, teamIds or both');

/**
 * The help page: "The user's email cannot be modified." An `email` field gets that sentence as its field
 * message rather than the generic "unrecognized key".
 */
export const updateUserBody = z.preprocess((value, ctx) => {
  if (value && typeof value === 'object' && !Array.isArray(value) && 'email' in value) {
    ctx.addIssue({
      code: 'custom',
      path: ['email'],
      message: 'The email cannot be changed: invite the new address and remove this user instead',
      input: value,
    });
    const { email: _ignored, ...rest } = value as Record<string, unknown>;
    return rest;
  }
  return value;
}, editableUser);

export const capacityBody = z.strictObject({ capacity });

const teamRef = z.object({ id: z.uuid(), name: z.string() });

export const userDto = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  status: z.enum(USER_STATUSES),
  capacity: z.number().int().nullable(),
  /** Assigned, unresolved conversations: what capacity counts. */
  ongoing: z.number().int(),
  teams: z.array(teamRef),
  totpEnabled: z.boolean(),
  isOwner: z.boolean(),
  /** The live activation link of a pending user (null once active, or when every link was used or revoked). */
  invitation: z.object({ expiresAt: z.string(), expired: z.boolean() }).nullable(),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
});
export type UserDto = z.output<typeof userDto>;

export const userPage = z.object({
  items: z.array(userDto),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const removedUser = z.object({
  id: z.uuid(),
  /** Ongoing conversations sent back to Unassigned (and to routing). */
  requeuedConversations: z.number().int(),
});

export const ownershipDto = z.object({ ownerId: z.uuid(), previousOwnerId: z.uuid() });
