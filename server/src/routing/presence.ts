import type { Redis } from 'ioredis';
import type { RedisKeys } from '../infra/keys.js';

export interface PresenceSnapshot {
  /** Users whose heartbeat has not expired. */
  connected: Set<string>;
  paused: Set<string>;
}

/**
 * Presence for routing (DESIGN §4: available = connected and not paused), in Redis because it changes
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
    const now = this.clock();
    const key = this.keys.presence(accountId);
    const res = await this.redis
      .multi()
      .zscore(key, userId)
      .zadd(key, 'GT', now + ttlMs, userId)
      .zremrangebyscore(key, '-inf', now)
      .sismember(this.keys.paused(accountId), userId)
      .exec();
    const previous = res?.[0]?.[1] as string | null;
    const paused = res?.[3]?.[1] === 1;
    return !paused && (previous === null || Number(previous) <= now);
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
    const [[, removed], [, score]] = (await this.redis.multi().srem(key, userId).zscore(this.keys.presence(accountId), userId).exec()) as [
      [unknown, number], [unknown, string | null],
    ];
    return removed === 1 && score !== null && Number(score) > this.clock();
  }

  /** Forgets a removed user entirely. */
  async forget(accountId: string, userId: string): Promise<void> {
    await this.redis.multi().zrem(this.keys.presence(accountId), userId).srem(this.keys.paused(accountId), userId).exec();
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

  async status(accountId: string, userId: string): Promise<{ connected: boolean; paused: boolean; expiresAt: number | null }> {
    const res = await this.redis.multi().zscore(this.keys.presence(accountId), userId).sismember(this.keys.paused(accountId), userId).exec();
    const score = res?.[0]?.[1] as string | null;
    const expiresAt = score === null ? null : Number(score);
    return { connected: expiresAt !== null && expiresAt > this.clock(), paused: res?.[1]?.[1] === 1, expiresAt };
  }
}
