/**
 * Every Redis key, queue name and channel prefix, defined once. `prefix` is REDIS_PREFIX, so several
 * deployments or test files can share one Redis without seeing each other.
 */
export function redisKeys(prefix: string) {
  return {
    /** BullMQ's own key prefix (it adds `:<queue>:…`). */
    bullPrefix: `${prefix}:bull`,
    /** socket.io Redis adapter / emitter channel prefix. Never shared with another adapter type. */
    socketIoPrefix: `${prefix}:sio`,
    /** Sorted set: userId → epoch ms until which the agent counts as connected. */
    presence: (accountId: string) => `${prefix}:presence:${accountId}`,
    /** Set of user ids who paused themselves. */
    paused: (accountId: string) => `${prefix}:paused:${accountId}`,
    /** Hash: userId → `<available|paused|offline>:<epoch ms>`, the presence last announced and since when. */
    presenceSince: (accountId: string) => `${prefix}:presence-since:${accountId}`,
    /** Pub/sub channel: "this user's sessions, role or teams changed", so every gateway node re-checks their sockets. */
    userChangedChannel: `${prefix}:rt:user-changed`,
    /** Held (SET NX PX) by the one process fanning out an account's durable events, so they go out in log order. */
    publishLock: (accountId: string) => `${prefix}:rt:publish-lock:${accountId}`,
    /** The id up to which an account's durable events have been fanned out. */
    publishedThrough: (accountId: string) => `${prefix}:rt:published:${accountId}`,
    /** Rate-limit counters (express-rate-limit's store prefix and our own limiters). */
    rateLimit: (name: string) => `${prefix}:rl:${name}:`,
    /**
     * Counter of wrong 2FA codes (TOTP or recovery) in the current window, per user and per client IP; it expires
     * with the window. Shared by every server node, so spreading guesses over nodes gains nothing.
     */
    twofaFailures: (scope: 'user' | 'ip', id: string) => `${prefix}:rl:2fa:${scope}:${id}`,
    /** Readiness probe key written by the worker. */
    workerHeartbeat: `${prefix}:worker:heartbeat`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;

/** Queue and job names, defined once. */
export const QUEUES = {
  routing: 'routing',
  maintenance: 'maintenance',
} as const;

export const JOBS = {
  /** Route every routable unassigned conversation of an account (coalesced per account). */
  routeAccount: 'route-account',
  sweep: 'sweep',
  pruneEvents: 'prune-events',
} as const;
