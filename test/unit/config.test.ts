import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../server/src/core/config.js';

const root = resolve(import.meta.dirname, '../..');

describe('configuration', () => {
  it('has local defaults for PostgreSQL and Redis', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/switchboard');
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.publicUrl).toBe('http://127.0.0.1:3000');
  });

  it('lists every bad variable in one message', () => {
    const bad = { PORT: 'eighty', REDIS_URL: 'not a url', LOG_LEVEL: 'loud' };
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    try {
      loadConfig(bad);
    } catch (e) {
      const msg = (e as Error).message;
      for (const name of Object.keys(bad)) expect(msg).toContain(name);
    }
  });

  it('requires SECRETS_KEY in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRETS_KEY/);
    expect(loadConfig({ NODE_ENV: 'production', SECRETS_KEY: 'ab'.repeat(32) }).NODE_ENV).toBe('production');
  });

  it('refuses a SECRETS_KEY that is not 32 bytes of hex or base64', () => {
    expect(() => loadConfig({ SECRETS_KEY: 'x'.repeat(64) })).toThrow(/SECRETS_KEY must be 32 bytes/);
    expect(() => loadConfig({ SECRETS_KEY: 'ab'.repeat(16) })).toThrow(ConfigError);
    expect(loadConfig({ SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') }).SECRETS_KEY).toBeDefined();
  });

  it('serves the console from console/dist, and takes a relative CONSOLE_DIR from the repository root', () => {
    expect(loadConfig({}).consoleDir).toBe(resolve(root, 'console/dist'));
    expect(loadConfig({ CONSOLE_DIR: 'build/console' }).consoleDir).toBe(resolve(root, 'build/console'));
    expect(loadConfig({ CONSOLE_DIR: '/srv/console' }).consoleDir).toBe('/srv/console');
  });
});
