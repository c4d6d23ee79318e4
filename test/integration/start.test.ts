import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { databaseUrl } from '../support/databases.js';
import { TEST_REDIS_URL } from '../support/stack.js';
import { deleteKeysMatching } from '../../server/src/infra/redis.js';
import pg from 'pg';
import { CONSOLE_MARKER, fakeConsoleDir } from '../support/console-dir.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

it(
  'npm start migrates, seeds, serves /readyz and the console, prints its URL and the demo credentials, stops on Ctrl-C',
  { timeout: 60_000 },
  async () => {
    const dbName = `sb_test_start_${randomBytes(4).toString('hex')}`;
    const prefix = `sbt_${randomBytes(5).toString('hex')}`;
    const port = await freePort();
    // A CONSOLE_DIR of its own: npm start builds only the repository's console/dist, and a Vite build does not
    // belong in this test (test/unit/console-build.test.ts covers when it rebuilds).
    const consoleDir = await fakeConsoleDir();
    const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', 'scripts/start.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl(dbName),
        REDIS_PREFIX: prefix,
        PORT: String(port),
        LOG_PRETTY: 'false',
        SECRETS_KEY: 'b'.repeat(64),
        CONSOLE_DIR: consoleDir.dir,
      },
      detached: true, // its own process group, so we can send Ctrl-C's SIGINT to all of it
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const started = Date.now();
      while (!out.includes('Switchboard is running') && Date.now() - started < 30_000)
        await new Promise((r) => setTimeout(r, 200));
      expect(out).toContain('Switchboard is running');
      expect(out).toContain('owner@demo.switchboard.test');
      expect(out).toContain('switchboard-demo');
      expect(out).toContain(`open the console at http://127.0.0.1:${port}/`);
      expect(out).toContain('npm start does not build it');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain(CONSOLE_MARKER);

      process.kill(-child.pid!, 'SIGINT');
      expect(await exited).toBe(0);
      expect(err).not.toMatch(/\n\s+at /); // no stack traces
      expect(out).toContain('server stopped');
      expect(out).toContain('worker stopped');
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      await consoleDir.remove();
      const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
      await admin.connect();
      await admin.query(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
      const redis = new Redis(TEST_REDIS_URL);
      await deleteKeysMatching(redis, `${prefix}:*`);
      redis.disconnect();
    }
  },
);
