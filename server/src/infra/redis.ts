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
