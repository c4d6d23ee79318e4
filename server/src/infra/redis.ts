import { Redis, type RedisOptions } from 'ioredis';

/**
 * Every Redis connection comes from here. BullMQ workers need `maxRetriesPerRequest: null`;
 * plain connections fail fast so a request never hangs on a dead Redis.
 */
export function createRedis(url: string, opts: { forBullmq?: boolean; name?: string } = {}): Redis {
  const options: RedisOptions = {
    connectionName: opts.name,
    maxRetriesPerRequest: opts.forBullmq ? null : 2,
    enableReadyCheck: true,
    lazyConnect: false,
  };
  return new Redis(url, options);
}

/** Deletes every key matching a pattern with SCAN (never KEYS, which blocks Redis): test and bench clean-up of a prefix. */
export async function deleteKeysMatching(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
