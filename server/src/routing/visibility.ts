import type { Role } from '../db/entities/user.entity.js';

/** Who is acting: a signed-in user of the account. */
export interface Actor {
  userId: string;
  accountId: string;
  role: Role;
  name: string;
}

/** Roles that assign a conversation to someone else (DESIGN §3). */
export const ASSIGNER_ROLES: readonly Role[] = ['admin', 'operator', 'inbox_manager'];
/** Roles that may override capacity on a manual assignment (DESIGN §4). */
export const CAPACITY_OVERRIDE_ROLES: readonly Role[] = ['admin', 'inbox_manager'];

/** DESIGN §3: every role sees all of the account's conversations except Sale (assigned to them, or their contact). */
export function seesAll(role: Role): boolean {
  return role !== 'sale';
}

export function canSee(actor: Actor, c: { assigneeId: string | null; contactOwnerId: string | null }): boolean {
  return seesAll(actor.role) || c.assigneeId === actor.userId || c.contactOwnerId === actor.userId;
}
