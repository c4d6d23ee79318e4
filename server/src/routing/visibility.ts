import type { Role } from '../db/entities/user.entity.js';
import { PERMISSIONS, seesAllConversations } from '../core/permissions.js';

/** Who is acting: a signed-in user of the account. */
export interface Actor {
  userId: string;
  accountId: string;
  role: Role;
  name: string;
}

/** The permission matrix (modules/auth/permissions.ts) is the one source; these name the questions routing asks. */
export const canAssignOthers = (role: Role) => PERMISSIONS[role].assignOthers;
export const canOverrideCapacity = (role: Role) => PERMISSIONS[role].overrideCapacity;

/** docs/architecture.md (roles): 'own' roles (Sale) see conversations assigned to them or whose contact they own. */
export function canSee(actor: Actor, c: { assigneeId: string | null; contactOwnerId: string | null }): boolean {
  return seesAllConversations(actor.role) || c.assigneeId === actor.userId || c.contactOwnerId === actor.userId;
}
