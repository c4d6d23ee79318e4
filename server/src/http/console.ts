import express, { Router, type Request, type Response } from 'express';
import type { HelmetOptions } from 'helmet';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Logger } from 'pino';

/** Vite names every file under assets/ by its content hash, so a cached copy can never be stale. */
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;
/** Paths machines call: a browser navigating there gets the real answer, never the console. */
const MACHINE_PATH = /^\/(socket\.io|openapi\.json|metrics|healthz|readyz|v1)(\/|$)/;

/**
 * A page load of the console. It is told from an API call by what it accepts, not by its path, because client
 * routes and API paths overlap (`/contacts` is both): a browser navigating asks for text/html first, while the SDK
 * asks for JSON and fetch or curl accept anything. A path with an extension is a file, not a client route.
 */
const isPageLoad = (req: Request) =>
  (req.method === 'GET' || req.method === 'HEAD') &&
  (req.path === '/' ||
    (req.accepts(['json', 'html']) === 'html' && !MACHINE_PATH.test(req.path) && !extname(req.path)));

/** Served instead of the console when its build is missing, so `/` says what to do rather than 404. */
const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Switchboard: the console is not built</title></head>
<body>
<h1>The Switchboard console is not built</h1>
<p>The server is running, but the directory it serves the web console from has no <code>index.html</code>
(the server's log names the directory).</p>
<p>Build it with <code>npm run build -w @switchboard/console</code> (<code>npm start</code> builds it when it is
missing or out of date), or set <code>CONSOLE_DIR</code> to a console build, then reload this page.</p>
<p>The API answers meanwhile: <a href="/openapi.json">/openapi.json</a>, <a href="/healthz">/healthz</a>.</p>
</body></html>`;

/**
 * The built console (console/dist): hashed assets cached for a year, everything else revalidated on every
 * load so a deployment shows at once, and every page load answered with index.html for the client router.
 * Mounted before the API routes; API calls pass through untouched. The directory is read per request, so a
 * build made while the server runs is served without a restart.
 */
export function consoleRoutes(dir: string, log: Logger): Router {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    log.warn(
      { consoleDir: dir },
      `the web console is not built (no ${index}): / explains how to build it; run \`npm run build -w @switchboard/console\` or set CONSOLE_DIR`,
    );
  }
  const noCache = (res: Response) => res.setHeader('Cache-Control', 'no-cache');
  const assets = express.static(join(dir, 'assets'), {
    index: false,
    redirect: false,
    immutable: true,
    maxAge: ONE_YEAR_MS,
  });
  const files = express.static(dir, { index: false, redirect: false, setHeaders: noCache });

  const router = Router();
  router.use('/assets', assets);
  router.use((req, res, next) => {
    if (isPageLoad(req)) {
      // `root` keeps send's dotfile check to the part below dir, so a repository under ~/.something still works.
      const options = { root: dir, headers: { 'Cache-Control': 'no-cache' } };
      res.sendFile('index.html', options, (err?: Error & { status?: number }) => {
        if (!err || res.headersSent) return;
        if (err.status === 404) res.status(503).type('html').send(NOT_BUILT);
        else next(err);
      });
    } else if (extname(req.path) && !MACHINE_PATH.test(req.path)) files(req, res, next);
    else next();
  });
  return router;
}

/**
 * The Content-Security-Policy of every response. Scripts only from this origin, never inline: Vite's build
 * emits none. Styles may be inline because Mantine writes its CSS variables into a `<style>` tag and sets
 * style attributes at run time. Images allow `data:` for the 2FA QR code. Requests are upgraded to https only
 * when the deployment is reached over https; on plain http (a LAN, docker compose) it would break every asset.
 */
export function contentSecurityPolicy(publicUrl: string): HelmetOptions['contentSecurityPolicy'] {
  return {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'self'"],
      ...(publicUrl.startsWith('https:') ? { 'upgrade-insecure-requests': [] } : {}),
    },
  };
}
