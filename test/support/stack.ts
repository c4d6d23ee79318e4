import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { Redis } from 'ioredis';
import { deleteKeysMatching } from '../../server/src/infra/redis.js';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../server/src/core/config.js';
import { startServer, type RunningServer } from '../../server/src/server.js';
import { startWorker, type RunningWorker } from '../../worker/src/worker.js';
import { initOrm, type Orm } from '../../server/src/db/orm.js';
import { createTestDatabase } from './databases.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_SECRETS_KEY = 'a'.repeat(64);

/**
 * What one test file runs against: its own database (cloned from the template), its own Redis prefix,
 * and as many in-process server nodes and workers as it asks for. `close()` removes all of it.
 */
export interface TestStack {
  config: Config;
  env: Record<string, string>;
  orm: Orm;
  redis: Redis;
  servers: RunningServer[];
  workers: RunningWorker[];
  url: string;
  addServer(): Promise<RunningServer>;
  addWorker(): Promise<RunningWorker>;
  close(): Promise<void>;
}

export async function createStack(
  opts: { servers?: number; workers?: number; env?: Record<string, string> } = {},
): Promise<TestStack> {
  const db = await createTestDatabase(inject('templateDatabase'));
  const prefix = `sbt_${randomBytes(5).toString('hex')}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LOG_PRETTY: 'false',
    SECRETS_KEY: TEST_SECRETS_KEY,
    SEED_DEMO: 'false',
    // Every test client comes from 127.0.0.1: per-IP limits would throttle ordinary tests. Per-email limits
    // stay at their defaults; the rate-limit tests lower the per-IP ones explicitly.
    RATE_LIMIT_SIGNIN_IP_PER_MIN: '100000',
    RATE_LIMIT_ACTIVATION_PER_MIN: '100000',
    ...opts.env,
  };
  const config = loadConfig(env);
  const log = pino({ level: config.LOG_LEVEL });
  const orm = await initOrm(db.url);
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
  const servers: RunningServer[] = [];
  const workers: RunningWorker[] = [];
  const stack: TestStack = {
    config,
    env,
    orm,
    redis,
    servers,
    workers,
    get url() {
      return servers[0]?.url ?? '';
    },
    async addServer() {
      const s = await startServer(config, log.child({ node: servers.length }));
      servers.push(s);
      return s;
    },
    async addWorker() {
      const w = await startWorker(config, log.child({ worker: workers.length }));
      workers.push(w);
      return w;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(servers.map((s) => s.close()));
      await orm.close(true);
      await deleteKeysMatching(redis, `${prefix}:*`);
      redis.disconnect();
      await db.drop();
    },
  };
  for (let i = 0; i < (opts.servers ?? 1); i++) await stack.addServer();
  for (let i = 0; i < (opts.workers ?? 0); i++) await stack.addWorker();
  return stack;
}
