import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createStack, type TestStack } from '../support/stack.js';
import { CONSOLE_MARKER, fakeConsoleDir } from '../support/console-dir.js';
import { loadConfig } from '../../server/src/core/config.js';
import { startServer } from '../../server/src/server.js';

let stack: TestStack;
let consoleDir: Awaited<ReturnType<typeof fakeConsoleDir>>;

beforeAll(async () => {
  consoleDir = await fakeConsoleDir();
  stack = await createStack({ env: { CONSOLE_DIR: consoleDir.dir } });
});
afterAll(async () => {
  await stack?.close();
  await consoleDir?.remove();
});

/** What Chromium sends when the user opens a URL or reloads. */
const NAVIGATION = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const get = (path: string, accept?: string, base = stack.url) =>
  fetch(`${base}${path}`, { headers: accept ? { accept } : {} });

async function expectIndex(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('cache-control')).toBe('no-cache');
  expect(await res.text()).toContain(CONSOLE_MARKER);
}

async function expectJsonError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
}

describe('the console at /', () => {
  it('serves index.html at / for any client, revalidated on every load', async () => {
    await expectIndex(await get('/'));
    await expectIndex(await get('/', NAVIGATION));
    await expectIndex(await get('/index.html'));
  });

  it('serves hashed assets with a year-long immutable cache, and a missing one as a 404', async () => {
    const res = await get(consoleDir.asset, '*/*');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(await res.text()).toContain('console.log');
    // A stale page asking for an asset of an older build must not get index.html parsed as JavaScript.
    await expectJsonError(await get('/assets/app-gone999.js', '*/*'), 404, 'not_found');
  });

  it('answers page loads of client routes with index.html, also where a route shares an API path', async () => {
    for (const path of ['/inbox/123', '/activate?token=x', '/users-teams', '/contacts', '/sign-in'])
      await expectIndex(await get(path, NAVIGATION));
    await expectIndex(await get('/activate?token=x', 'text/html'));
  });
});

describe('the API beside it', () => {
  it('answers API calls with JSON, whatever page shares the path', async () => {
    await expectJsonError(await get('/users'), 401, 'unauthenticated');
    await expectJsonError(await get('/contacts', 'application/json'), 401, 'unauthenticated');
    await expectJsonError(await get('/nope', 'application/json'), 404, 'not_found');
    await expectJsonError(await get('/nope'), 404, 'not_found');
  });

  it('leaves /openapi.json, /healthz, /readyz, /metrics, /v1 and /socket.io to the server even for a browser', async () => {
    const doc = await get('/openapi.json', NAVIGATION);
    expect(doc.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await doc.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    expect(await (await get('/healthz', NAVIGATION)).json()).toEqual({ status: 'ok' });
    expect(((await (await get('/readyz', NAVIGATION)).json()) as { ready: boolean }).ready).toBe(true);
    expect(await (await get('/metrics', NAVIGATION)).text()).toContain('switchboard_http_requests_total');
    await expectJsonError(await get('/v1/nope', NAVIGATION), 404, 'not_found');
    // Engine.IO's open packet: the socket's polling transport is answered by the gateway.
    const polling = await get('/socket.io/?EIO=4&transport=polling', NAVIGATION);
    expect(polling.status).toBe(200);
    expect(await polling.text()).toMatch(/^0\{"sid":/);
  });

  it('keeps the Content-Security-Policy strict for scripts on pages and API answers alike', async () => {
    for (const res of [await get('/', NAVIGATION), await get('/users')]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = new Map(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values]),
      );
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('script-src-attr')).toEqual(["'none'"]);
      expect(directives.get('default-src')).toEqual(["'self'"]);
      // Mantine writes <style> tags and style attributes: inline is allowed for styles and only for them.
      expect(directives.get('style-src')).toContain("'unsafe-inline'");
      // Plain http here: upgrading would send the assets to an https port nobody listens on.
      expect(directives.has('upgrade-insecure-requests')).toBe(false);
    }
  });
});

describe('a server without a console build', () => {
  it('says at / and on page loads how to build it, logs a warning at start-up, and serves the API', async () => {
    const lines: string[] = [];
    const log = pino(
      { level: 'warn' },
      new Writable({
        write: (chunk, _enc, cb) => {
          lines.push(String(chunk));
          cb();
        },
      }),
    );
    const missing = join(consoleDir.dir, 'not-built');
    const server = await startServer(loadConfig({ ...stack.env, CONSOLE_DIR: missing }), log);
    try {
      expect(lines.join('')).toContain(missing);
      expect(lines.join('')).toMatch(/"level":40.*console is not built/);
      for (const [path, accept] of [
        ['/', undefined],
        ['/activate?token=x', NAVIGATION],
      ] as const) {
        const res = await get(path, accept, server.url);
        expect(res.status).toBe(503);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        const text = await res.text();
        expect(text).toContain('console is not built');
        expect(text).toContain('npm run build -w @switchboard/console');
        expect(text).toContain('CONSOLE_DIR');
      }
      expect((await get('/healthz', undefined, server.url)).status).toBe(200);
      await expectJsonError(await get('/users', undefined, server.url), 401, 'unauthenticated');
    } finally {
      await server.close();
    }
  });
});
