import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../core/config.js';
import { initOrm, type Orm } from '../db/orm.js';
import { createRedis } from './redis.js';
import { redisKeys, type RedisKeys } from './keys.js';

/** The shared resources of a process (server node or worker): one ORM, one Redis connection, the key names. */
export interface AppContext {
  config: Config;
  log: Logger;
  orm: Orm;
  redis: Redis;
  keys: RedisKeys;
  close(): Promise<void>;
}

export async function createContext(config: Config, log: Logger): Promise<AppContext> {
  const orm = await initOrm(config.DATABASE_URL);
  const redis = createRedis(config.REDIS_URL, { name: 'app' });
  return {
    config,
    log,
    orm,
    redis,
    keys: redisKeys(config.REDIS_PREFIX),
    async close() {
      await orm.close(true);
      redis.disconnect();
    },
  };
}
