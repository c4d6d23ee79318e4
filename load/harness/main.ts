// `npm run load -- <scenario> [options]`: one scenario against a running Switchboard, progress every second,
// a summary at the end and a JSON result file in load/results/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertLoopbackUrl } from './http.js';
import { parseCli, USAGE, UsageRequest, type CliOptions } from './options.js';
import { demoTarget, runScenario, type HarnessResult, type Target } from './scenarios.js';

let opts: CliOptions;
try {
  opts = parseCli(process.argv.slice(2));
  assertLoopbackUrl(opts.url);
} catch (e) {
  if (e instanceof UsageRequest) {
    console.log(USAGE);
    process.exit(0);
  }
  console.error((e as Error).message);
  process.exit(2);
}

const target: Target = demoTarget(opts.url);
if (opts.usersFile) {
  const file = JSON.parse(readFileSync(opts.usersFile, 'utf8')) as Partial<Target>;
  Object.assign(
    target,
    Object.fromEntries(Object.entries(file).filter(([k]) => ['apiKey', 'channel', 'agents', 'admins'].includes(k))),
  );
}
if (opts.apiKey) target.apiKey = opts.apiKey;
if (opts.channel) target.channel = opts.channel;

const ready = await fetch(`${opts.url}/readyz`).then(
  (r) => r.ok,
  () => false,
);
if (!ready) {
  console.error(`Switchboard is not answering at ${opts.url}/readyz. Start it with \`npm start\` or give --url.`);
  process.exit(1);
}

console.log(`load: ${opts.scenario} against ${opts.url} for ${opts.durationMs / 1000}s`);
const hardStop = setTimeout(
  () => {
    console.error(`load: still running after --max-duration; stopping.`);
    process.exit(1);
  },
  opts.maxDurationMs + opts.settleMs + 30_000,
);
hardStop.unref();

const result: HarnessResult = await runScenario(target, { ...opts, progress: (line) => console.log(line) });
printSummary(result);
const out =
  opts.out ?? join('load', 'results', `${opts.scenario}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2));
console.log(`\nresult written to ${out}`);
const c = result.result.counters;
const failed =
  (c.double_receipts ?? 0) > 0 || ((c.connect_errors ?? 0) + (c.signin_errors ?? 0) > 0 && (c.connected ?? 0) === 0);
process.exit(failed ? 1 : 0);

function printSummary(r: HarnessResult) {
  console.log(
    `\nSummary: ${r.scenario}, ${Math.round(r.result.durationMs / 1000)}s, ${r.target.agents} agent(s), ${r.target.admins} admin(s)`,
  );
  for (const [k, v] of Object.entries(r.result.counters).sort()) console.log(`  ${k.padEnd(22)} ${v}`);
  for (const [k, l] of Object.entries(r.result.latencies)) {
    console.log(
      `  ${(k + ' ms').padEnd(22)} p50 ${l.p50.toFixed(1)}  p95 ${l.p95.toFixed(1)}  p99 ${l.p99.toFixed(1)}  max ${l.max.toFixed(1)}  (n=${l.count})`,
    );
  }
  if (r.unreceived)
    console.log(
      `  ${'not received'.padEnd(22)} ${r.unreceived} accepted new conversation(s) never reached an agent socket`,
    );
}
