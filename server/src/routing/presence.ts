import type { Redis } from 'ioredis';
import type { RedisKeys } from '../infra/keys.js';

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
      .exec();
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
