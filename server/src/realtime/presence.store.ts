import type { Redis } from 'ioredis';
import type { RedisKeys } from '../infra/keys.js';

/**
 * What the gateway needs from presence. Routing reads the same keys (`keys.presence`, `keys.paused`):
 * available = present (score > now) and not paused.
 *
 * LEAD: routing owns server/src/routing/presence.ts on the same keys; when it lands, implement this
 * interface with it (or delete this file and adapt `createPresenceStore`'s one call site in gateway.ts).
 */
export interface PresenceStore {
  /** Extends presence until `untilMs`; never shortens it. Returns the users who were not present before. */
  touch(accountId: string, userIds: readonly string[], untilMs: number): Promise<string[]>;
  setPaused(accountId: string, userId: string, paused: boolean): Promise<void>;
  state(accountId: string, userId: string): Promise<{ present: boolean; paused: boolean }>;
}

export function createPresenceStore(redis: Redis, keys: RedisKeys): PresenceStore {
  return {
    async touch(accountId, userIds, untilMs) {
      if (!userIds.length) return [];
      const now = Date.now();
      const key = keys.presence(accountId);
      // One MULTI: the previous scores and the update are read and written atomically.
      const multi = redis.multi();
      for (const id of userIds) multi.zscore(key, id);
      // GT: a node refreshing with a shorter horizon never cuts another node's longer one.
      multi.zadd(key, 'GT', ...userIds.flatMap((id) => [untilMs, id]));
      const res = (await multi.exec()) ?? [];
      const newly: string[] = [];
      userIds.forEach((id, i) => {
        const score = res[i]?.[1] as string | null | undefined;
        if (score == null || Number(score) <= now) newly.push(id);
      });
      return newly;
    },
    async setPaused(accountId, userId, paused) {
      if (paused) await redis.sadd(keys.paused(accountId), userId);
      else await redis.srem(keys.paused(accountId), userId);
    },
    async state(accountId, userId) {
      const [score, paused] = await Promise.all([redis.zscore(keys.presence(accountId), userId), redis.sismember(keys.paused(accountId), userId)]);
      return { present: score != null && Number(score) > Date.now(), paused: paused === 1 };
    },
  };
}
