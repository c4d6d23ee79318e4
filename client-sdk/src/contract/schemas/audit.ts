import { z } from 'zod';
import { plainText } from './text.js';

/** Every admin action the audit log records; other modules (2FA settings) add theirs here. */
export const AUDIT_ACTIONS = [
  'user.invited',
  'user.invitation_resent',
  'user.activated',
  'user.removed',
  'user.role_changed',
  'user.teams_changed',
  'user.capacity_changed',
  'account.ownership_transferred',
  'team.created',
  'team.renamed',
  'team.members_changed',
  'team.deleted',
  'account.routing_changed',
  'channel.created',
  'channel.updated',
  'channel.deleted',
  'api_key.created',
  'api_key.revoked',
  'contact.owner_changed',
  // Written by the 2FA module (server/src/modules/twofa/twofa.service.ts).
  '2fa_enabled',
  '2fa_disabled',
  '2fa_reset',
  'recovery_codes_regenerated',
  'require_2fa_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditQuery = z.strictObject({
  /** The `nextCursor` of the previous page: events older than it. */
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,17}$/, 'Must be the nextCursor of a previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** One action, e.g. `user.removed`; a string rather than an enum because other modules (2FA) add their own. */
  action: z
    .string()
    .regex(/^[a-z0-9_.]{1,64}$/, 'An action name such as user.removed')
    .optional(),
  /** PostgreSQL refuses a NUL in text, so control characters are refused here as a 400 rather than a 500. */
  targetId: plainText(64, 'targetId').optional(),
  /** The user who acted; events of the system (no actor) never match. */
  actorId: z.uuid().optional(),
});

export const auditEventDto = z.object({
  id: z.string(),
  at: z.string(),
  /** null when the system acted, or the person acting on their own invitation had no name yet. */
  actor: z.object({ id: z.uuid().nullable(), name: z.string().nullable() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

export const auditPage = z.object({
  items: z.array(auditEventDto),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
