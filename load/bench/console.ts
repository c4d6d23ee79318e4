/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// `npm run bench:console`: what a person at the console feels, measured in Debian's Chromium against real server
// and worker processes on a fresh database. Three figures (the issue "Web console" sets their floors): the first
// screen's JavaScript (gzip), assignment commit → its row in the inbox at 100 assignments/s, and the load board's
// main thread at 10,000 agents and 200 updates/s. Everything targets 127.0.0.1 and is bounded in count and time.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { API, createMessageSource, inboundBody } from '../shared/scenarios.js';
import { callJson } from '../harness/http.js';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../../scripts/console-build.js';
import { assertLoopback } from './database.js';
import { openLog } from './processes.js';
import { seedAccount, type SeededUser } from './seed.js';
import { BenchStack } from './stack.js';
import { percentile } from './stats.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
assertLoopback(databaseUrl, 'BENCH_DATABASE_URL');
assertLoopback(redisUrl, 'BENCH_REDIS_URL');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The gzip size of the JavaScript index.html loads before the first screen (the entry and what it preloads). */
function firstScreenJs(): { files: string[]; gzipBytes: number } {
  const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g)].map(
    (m) => m[1],
  );
  const gzipBytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(CONSOLE_DIST, f))).length, 0);
  return { files, gzipBytes };
}

/** A page of the console signed in as `user` (the session token the seed made, kept where the console keeps it). */
async function consolePage(browser: Browser, url: string, user: SeededUser, path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // tsx names functions through an `__name` helper; the ones we evaluate in the page need it there too.
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  await context.addInitScript((token) => sessionStorage.setItem('switchboard.token', token), user.token);
  const page = await context.newPage();
  await page.goto(url + path);
  return page;
}

/** Rows added to the inbox lists, with the wall-clock time the browser inserted each one. */
const watchRows = () => {
  const seen: Record<string, number> = {};
  (window as unknown as { __seen: Record<string, number> }).__seen = seen;
  new MutationObserver((records) => {
    const at = performance.timeOrigin + performance.now();
    for (const r of records)
      for (const n of r.addedNodes) {
        if (!(n instanceof HTMLElement)) continue;
        for (const el of [n, ...n.querySelectorAll<HTMLElement>('[data-testid^="conversation-row-"]')]) {
          const id = el.dataset.testid?.startsWith('conversation-row-') ? el.dataset.testid.slice(17) : null;
          if (id && !(id in seen)) seen[id] = at;
        }
      }
  }).observe(document.body, { childList: true, subtree: true });
};

async function inboxLatency(stack: BenchStack, browser: Browser, opts: { rate: number; seconds: number }) {
  const account = await seedAccount(stack.pool, { agents: 1, capacity: null, admins: 1, name: 'Console inbox' });
  const page = await consolePage(browser, stack.url, account.agents[0], '/inbox');
  // When each assignment's frame reached the browser's socket: splits the figure into the wire and the page.
  const framed = new Map<string, number>();
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      const at = Date.now();
      for (const m of String(f.payload).matchAll(
        /"conversation\.assigned",\{"id":"\d+".*?"conversation":\{"id":"([0-9a-f-]{36})"/g,
      ))
        if (!framed.has(m[1])) framed.set(m[1], at);
    }),
  );
  await page.getByTestId('my-load').waitFor({ timeout: 30_000 });
  await sleep(1000); // the socket connects and the agent becomes available
  await page.evaluate(watchRows);
  const source = createMessageSource({ runId: `console${Date.now().toString(36)}`, followUps: 0 });
  const total = opts.rate * opts.seconds;
  const t0 = performance.now();
  const posts: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const m = source.next();
    posts.push(
      callJson(stack.url, 'POST', API.inbound, {
        headers: { 'x-api-key': account.apiKey },
        body: inboundBody(account.channelPhone, m),
      }),
    );
  }
  await Promise.all(posts);
  const deadline = Date.now() + 15_000;
  let seen: Record<string, number> = {};
  while (Date.now() < deadline) {
    seen = await page.evaluate(() => (window as unknown as { __seen: Record<string, number> }).__seen);
    if (Object.keys(seen).length >= total) break;
    await sleep(200);
  }
  // assigned_at is the routing transaction's now(): its start, a little before its commit, so the figure is
  // on the safe side (it includes the rest of the batch's transaction).
  const { rows } = await stack.pool.query<{ id: string; at: number; created: number }>(
    `select id, extract(epoch from assigned_at) * 1000 as at, extract(epoch from created_at) * 1000 as created from conversations where account_id = $1 and assigned_at is not null`,
    [account.accountId],
  );
  const latencies = rows.filter((r) => r.id in seen).map((r) => seen[r.id] - Number(r.at));
  const wire = rows.filter((r) => framed.has(r.id)).map((r) => framed.get(r.id)! - Number(r.at));
  await page.context().close();
  return {
    assigned: rows.length,
    shown: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    routedP50: percentile(
      rows.map((r) => Number(r.at) - Number(r.created)),
      50,
    ),
    framed: wire.length,
    wireP50: percentile(wire, 50),
    wireP99: percentile(wire, 99),
  };
}

async function loadBoard(stack: BenchStack, browser: Browser, opts: { agents: number; rate: number; seconds: number }) {
  const account = await seedAccount(stack.pool, { agents: opts.agents, capacity: 5, admins: 1, name: 'Console board' });
  const admin = account.admins[0];
  const page = await consolePage(browser, stack.url, admin, '/load-board');
  let updateFrames = 0;
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      if (/"agent\.(capacity|load)"/.test(String(f.payload))) updateFrames++;
    }),
  );
  await page.locator('[data-testid^="agent-row-"]').first().waitFor({ timeout: 60_000 });
  await sleep(1000);
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __gaps: number[] };
    w.__long = [];
    w.__gaps = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    const frame = (t: number) => {
      w.__gaps.push(t - last);
      last = t;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const t0 = performance.now();
  const total = opts.rate * opts.seconds;
  const calls: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / opts.rate - performance.now();
    if (wait > 0) await sleep(wait);
    const agent = account.agents[Math.floor(Math.random() * account.agents.length)];
    calls.push(
      callJson(stack.url, 'PUT', API.capacity(agent.id), { token: admin.token, body: { capacity: 1 + (i % 9) } }),
    );
  }
  await Promise.all(calls);
  await sleep(1000);
  const { long, gaps, rows } = await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __gaps: number[] };
    return {
      long: w.__long,
      gaps: w.__gaps,
      rows: document.querySelectorAll('[data-testid^="agent-row-"]').length,
    };
  });
  await page.context().close();
  return {
    updateFrames,
    rowsInDom: rows,
    longTasks: long.length,
    longestTaskMs: long.length ? Math.max(...long) : 0,
    frameGapP95: percentile(gaps, 95),
    frameGapMax: gaps.length ? Math.max(...gaps) : 0,
  };
}

if (!ensureConsoleBuilt()) process.exit(1);
const js = firstScreenJs();
console.log(`console bench: load average ${load()} at the start`);
console.log(
  `first screen JavaScript: ${(js.gzipBytes / 1024).toFixed(1)} kB gzip (${js.files.join(', ')}); floor ≤ 350 kB`,
);

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(join('load', 'results'), { recursive: true });
const stack = new BenchStack(databaseUrl, redisUrl, openLog(join('load', 'results', `bench-console-${stamp}.log`)));
let browser: Browser | undefined;
try {
  await stack.start({ workers: 1 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const inbox = await inboxLatency(stack, browser, {
    rate: 100,
    seconds: Number(process.env.BENCH_CONSOLE_SECONDS ?? 10),
  });
  console.log(
    `inbox at 100 assignments/s: commit → row p50 ${inbox.p50.toFixed(1)} ms, p99 ${inbox.p99.toFixed(1)} ms; ${inbox.shown} of ${inbox.assigned} assigned rows seen; floor p99 ≤ 250 ms`,
  );
  console.log(
    `  of which commit → frame at the browser's socket: p50 ${inbox.wireP50.toFixed(1)} ms, p99 ${inbox.wireP99.toFixed(1)} ms (${inbox.framed} frames); created → assigned p50 ${inbox.routedP50.toFixed(1)} ms`,
  );
  if (process.env.BENCH_CONSOLE_ONLY !== 'inbox') {
    const board = await loadBoard(stack, browser, { agents: 10_000, rate: 200, seconds: 10 });
    console.log(
      `load board, 10,000 agents, 200 capacity changes/s: ${board.updateFrames} agent update frames received, ${board.rowsInDom} agent rows in the DOM; ${board.longTasks} long tasks (longest ${board.longestTaskMs.toFixed(0)} ms); frame gap p95 ${board.frameGapP95.toFixed(1)} ms, max ${board.frameGapMax.toFixed(0)} ms; floor p95 ≤ 50 ms`,
    );
  }
} finally {
  await browser?.close();
  await stack.close();
  console.log(`console bench: load average ${load()} at the end`);
}
