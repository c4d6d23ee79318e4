/**
 * The browser tests' stack, started by Playwright's `webServer` (console/playwright.config.ts) from the repo root:
 * its own database (cloned from the migrated test template, with the demo account seeded), its own Redis prefix,
 * and a server and a worker as OS processes. The server serves console/dist itself (built by `npm run test:browser`
 * first), so the tests see one origin with the production CSP and caching. Stops everything and drops the
 * database on SIGTERM/SIGINT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../../server/src/core/config.js';
import { prepareDatabase } from '../../server/src/infra/prepare.js';
import { deleteKeysMatching } from '../../server/src/infra/redis.js';
import { createTestDatabase, prepareTemplate } from '../support/databases.js';
import { E2E } from '../../console/e2e/support/env.js';

const root = resolve(import.meta.dirname, '../..');
const consoleDir = resolve(root, 'console/dist');
if (!existsSync(resolve(consoleDir, 'index.html'))) {
  console.error(
    `[e2e stack] ${consoleDir} has no build: run \`npm run test:browser\` (it builds first) or \`vite build\``,
  );
  process.exit(1);
}
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const db = await createTestDatabase(await prepareTemplate());
const prefix = `sbe2e_${randomBytes(5).toString('hex')}`;
rmSync(E2E.outboxDir, { recursive: true, force: true });
mkdirSync(E2E.outboxDir, { recursive: true });
const env: Record<string, string> = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: String(E2E.port),
  PUBLIC_URL: E2E.baseUrl,
  DATABASE_URL: db.url,
  REDIS_URL: redisUrl,
  REDIS_PREFIX: prefix,
  LOG_LEVEL: 'warn',
  LOG_PRETTY: 'false',
  SECRETS_KEY: 'a'.repeat(64),
  SEED_DEMO: 'true',
  CONSOLE_DIR: consoleDir,
  OUTBOX_DIR: E2E.outboxDir,
  RATE_LIMIT_SIGNIN_IP_PER_MIN: '100000',
  RATE_LIMIT_ACTIVATION_PER_MIN: '100000',
};
await prepareDatabase(loadConfig(env), { seed: true });
writeFileSync(E2E.stateFile, JSON.stringify({ databaseUrl: db.url, redisPrefix: prefix }));

const children: ChildProcess[] = [];
const run = (args: string[]) => {
  const c = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(c);
  c.on('exit', (code, sig) => {
    if (!stopping) {
      console.error(`[e2e stack] ${args.join(' ')} exited ${code ?? sig}`);
      void stop(1);
    }
  });
  return c;
};
run(['--conditions=development', '--import', 'tsx', 'server/src/main.ts']);
run(['--conditions=development', '--import', 'tsx', 'worker/src/main.ts']);

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  try {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    await deleteKeysMatching(redis, `${prefix}*`);
    redis.disconnect();
    await db.drop();
  } catch (e) {
    console.error('[e2e stack] cleanup failed', e);
  }
  process.exit(code);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
