/**
 * Socket.IO room names, defined once: the worker emits to them (through the Redis emitter) and the
 * gateway joins sockets to them. Visibility (DESIGN §3) is decided by which rooms a socket joins:
 *
 * - `user:<id>`: every socket of that user. Events whose audience names the user go here (their
 *   assignments, and conversations of contacts they own), which is how a Sale user gets only their own.
 * - `account:<id>:all`: sockets of users whose role sees every conversation of the account (every role
 *   but Sale). Events with `audience_all` go here.
 * - `account:<id>:admins`: admin-only events (live load, capacity and presence).
 */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  accountAll: (accountId: string) => `account:${accountId}:all`,
  accountAdmins: (accountId: string) => `account:${accountId}:admins`,
} as const;

/** The rooms a durable event goes to, from the audience columns written with it. */
export function roomsForEvent(e: { accountId: string; audienceUserIds: readonly string[]; audienceAll: boolean; adminOnly: boolean }): string[] {
  if (e.adminOnly) return [rooms.accountAdmins(e.accountId)];
  const out = e.audienceUserIds.map(rooms.user);
  if (e.audienceAll) out.push(rooms.accountAll(e.accountId));
  return out;
}
