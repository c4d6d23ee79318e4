/**
 * Socket.IO room names, defined once: the gateway joins sockets to them and every emitter (server nodes,
 * routing workers) targets them. A room is a visibility scope, never a convenience: putting a socket in a
 * room is the decision that its user may see everything sent there.
 */
import type { Role } from '../db/entities/user.entity.js';
import { canSeeMenu, seesAllConversations } from '../core/permissions.js';

export const rooms = {
  /** Sockets of users whose role sees every conversation of the account (visibility 'all' in the permission matrix). */
  accountAll: (accountId: string) => `account:${accountId}:all`,
  /** Sockets of the account's Admins: durable events written `adminOnly`. */
  accountAdmins: (accountId: string) => `account:${accountId}:admins`,
  /** Sockets of users with the load board menu (Admins, Inbox Managers): live agent load, capacity and presence. */
  accountLoadBoard: (accountId: string) => `account:${accountId}:load-board`,
  /** Every socket of one user, whatever their role: events they are in the audience of, revocation. */
  user: (userId: string) => `user:${userId}`,
  /** Every socket opened with one session, so signing out one session closes only its sockets. */
  session: (sessionId: string) => `session:${sessionId}`,
} as const;

/** The rooms a socket of this user belongs to; recomputed whenever the user's role may have changed. */
export function roomsForUser(auth: { accountId: string; userId: string; sessionId: string; role: Role }): string[] {
  const list = [rooms.user(auth.userId), rooms.session(auth.sessionId)];
  if (seesAllConversations(auth.role)) list.push(rooms.accountAll(auth.accountId));
  if (auth.role === 'admin') list.push(rooms.accountAdmins(auth.accountId));
  if (canSeeMenu(auth.role, 'load_board')) list.push(rooms.accountLoadBoard(auth.accountId));
  return list;
}

/** Who a durable event is for: the same three columns as `realtime_events`. */
export interface EventAudience {
  accountId: string;
  /** Users allowed to see it regardless of role (assignee, previous assignee, contact owner). */
  audienceUserIds: readonly string[];
  /** Roles that see every conversation receive it. */
  audienceAll: boolean;
  /** Only Admins receive it (and audienceUserIds are ignored). */
  adminOnly: boolean;
}

/**
 * The rooms to emit a durable event to. Emitting once to the union delivers once per socket (Socket.IO
 * dedupes a socket that is in several of the rooms), so an Admin who is also the assignee gets it once.
 */
export function roomsForAudience(a: EventAudience): string[] {
  if (a.adminOnly) return [rooms.accountAdmins(a.accountId)];
  const list = a.audienceAll ? [rooms.accountAll(a.accountId)] : [];
  for (const id of a.audienceUserIds) list.push(rooms.user(id));
  return list;
}
