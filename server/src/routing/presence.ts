import type { Redis } from 'ioredis';
import type { RedisKeys } from '../infra/keys.js';

export type PresenceStatus = 'available' | 'paused' | 'offline';

/**
 * KEYS[1] the presence-since hash; ARGV[1] user id, ARGV[2] status, ARGV[3] epoch ms now. Keeps the stored time
 * while the status is unchanged (a repeated announcement is not a new state), else records now. Returns the
 * epoch ms since which the user has had this status.
 */
const NOTE_STATUS = `
local cur = redis.call('hget', KEYS[1], ARGV[1])
if cur then
  local sep = string.find(cur, ':', 1, true)
  if sep and string.sub(cur, 1, sep - 1) == ARGV[2] then return tonumber(string.sub(cur, sep + 1)) end
end
redis.call('hset', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
return tonumber(ARGV[3])`;

export interface PresenceSnapshot {
  /** Users whose heartbeat has not expired. */
  connected: Set<string>;
  paused: Set<string>;
}

/**
 * Presence for routing (docs/routing.md: available = connected and not paused), in Redis because it changes
 * every few seconds per agent and can be rebuilt from live connections. A sorted set maps userId → the
 * epoch ms until which the user counts as connected, so expiry needs no background job: readers ignore
 * stale scores and writers trim them. The REST heartbeat (`PUT /me/availability`) and the socket gateway
 * drive the same store.
 */
export class PresenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Marks the user connected until now + ttlMs. Returns true when this made the user available (they
   * were offline or expired and are not paused): the caller then triggers routing.
   */
  async heartbeat(accountId: string, userId: string, ttlMs: number): Promise<boolean> {
    return (await this.heartbeatMany(accountId, [userId], ttlMs)).length === 1;
  }

  /**
   * `heartbeat` for many users of one account in one round trip (a gateway node renews all its users on
   * a timer). Extends a lease, never shortens it. Returns the users this made available.
   */
  async heartbeatMany(accountId: string, userIds: readonly string[], ttlMs: number): Promise<string[]> {
    if (!userIds.length) return [];
    const now = this.clock();
    const key = this.keys.presence(accountId);
    const ids = [...userIds];
    const res = await this.redis
      .multi()
      .zmscore(key, ...ids)
      .zadd(key, 'GT', ...ids.flatMap((id) => [now + ttlMs, id]))
      .zremrangebyscore(key, '-inf', now)
      .smismember(this.keys.paused(accountId), ...ids)
      .exec();
    const previous = (res?.[0]?.[1] ?? []) as Array<string | null>;
    const paused = (res?.[3]?.[1] ?? []) as number[];
    return ids.filter((_id, i) => paused[i] !== 1 && (previous[i] === null || Number(previous[i]) <= now));
  }

  /** The user closed their last connection: unavailable at once. */
  async disconnect(accountId: string, userId: string): Promise<void> {
    await this.redis.zrem(this.keys.presence(accountId), userId);
  }

  /** Returns true when un-pausing made a connected user available. */
  async setPaused(accountId: string, userId: string, paused: boolean): Promise<boolean> {
    const key = this.keys.paused(accountId);
    if (paused) {
      await this.redis.sadd(key, userId);
      return false;
    }
    const [[, removed], [, score]] = (await this.redis
      .multi()
      .srem(key, userId)
      .zscore(this.keys.presence(accountId), userId)
      .exec()) as [[unknown, number], [unknown, string | null]];
    return removed === 1 && score !== null && Number(score) > this.clock();
  }

  /** Forgets a removed user entirely. */
  async forget(accountId: string, userId: string): Promise<void> {
    await this.redis
      .multi()
      .zrem(this.keys.presence(accountId), userId)
      .srem(this.keys.paused(accountId), userId)
      .hdel(this.keys.presenceSince(accountId), userId)
      .exec();
  }

  /**
   * Records the status an announcement tells admins about, for the load board's "since when"; returns since when
   * (epoch ms) the user has had it. Display only: routing never reads it.
   */
  async noteStatus(accountId: string, userId: string, status: PresenceStatus): Promise<number> {
    const since = await this.redis.eval(
      NOTE_STATUS,
      1,
      this.keys.presenceSince(accountId),
      userId,
      status,
      this.clock(),
    );
    return Number(since);
  }

  /** userId → the last announced status and since when (epoch ms), for the load board's first paint. */
  async statusesSince(accountId: string): Promise<Map<string, { status: PresenceStatus; since: number }>> {
    const all = await this.redis.hgetall(this.keys.presenceSince(accountId));
    const out = new Map<string, { status: PresenceStatus; since: number }>();
    for (const [userId, v] of Object.entries(all)) {
      const [status, since] = v.split(':');
      if (status === 'available' || status === 'paused' || status === 'offline')
        out.set(userId, { status, since: Number(since) });
    }
    return out;
  }

  async snapshot(accountId: string): Promise<PresenceSnapshot> {
    const now = this.clock();
    const res = await this.redis
      .multi()
      .zrangebyscore(this.keys.presence(accountId), `(${now}`, '+inf')
      .smembers(this.keys.paused(accountId))
      .exec();
    return { connected: new Set(res?.[0]?.[1] as string[]), paused: new Set(res?.[1]?.[1] as string[]) };
  }

  async status(
    accountId: string,
    userId: string,
  ): Promise<{ connected: boolean; paused: boolean; expiresAt: number | null }> {
    const res = await this.redis
      .multi()
      .zscore(this.keys.presence(accountId), userId)
      .sismember(this.keys.paused(accountId), userId)
      .exec();
    const score = res?.[0]?.[1] as string | null;
    const expiresAt = score === null ? null : Number(score);
    return { connected: expiresAt !== null && expiresAt > this.clock(), paused: res?.[1]?.[1] === 1, expiresAt };
  }
}
