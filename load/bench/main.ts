// `npm run bench`: the limits of this machine's Redis and PostgreSQL, then our own server and worker
// processes on a fresh database, a fixed suite repeated `--runs` times, and one table. Exit 1 when any
// correctness counter is not zero. Everything targets 127.0.0.1 and is bounded in count and time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { checkServices, explainProblems } from '../../server/src/infra/services-check.js';
import { assertLoopback } from './database.js';
import { measureBullmqNoop, measurePgInsertCommit } from './limits.js';
import { openLog } from './processes.js';
import { addCorrectness, isClean, zeroCorrectness, type Correctness } from './correctness.js';
import { naRow, renderTable, type Row } from './report.js';
import { BenchStack } from './stack.js';
import { NEED_TEXT, probe, type Need } from './capabilities.js';
import { routingThroughput } from './sections/throughput.js';
import { endToEnd, type E2eRun } from './sections/e2e.js';
import { drainLatency } from './sections/drain.js';
import { capacityLatency } from './sections/capacity.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'log-slow-ms': { type: 'string' },
    only: { type: 'string' },
  },
});
const runs = Math.max(1, Math.min(5, Number(values.runs)));
const quick = values.quick;
const only = values.only ? new Set(values.only.split(',')) : null;
const want = (section: string) => !only || only.has(section);

const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
assertLoopback(databaseUrl, 'BENCH_DATABASE_URL');
assertLoopback(redisUrl, 'BENCH_REDIS_URL');

const problems = await checkServices(databaseUrl, redisUrl);
if (problems.length) {
  console.error(explainProblems(problems));
  process.exit(1);
}

// The whole bench must fit in 10 minutes on 2 cores: sections that would start after this are skipped.
const budgetMs = 9 * 60_000;
const started = performance.now();
const overBudget = () => performance.now() - started > budgetMs;
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(3)}s`;
const say = (s: string) => console.log(`${elapsed()}  ${s}`);

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(join('load', 'results'), { recursive: true });
const logPath = join('load', 'results', `bench-${stamp}.log`);
const log = openLog(logPath);

const rows: Row[] = [];
let correctness: Correctness = zeroCorrectness();
const results: Record<string, unknown> = { runs, quick, startedAt: new Date().toISOString() };

const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
results.machine = machine;
results.loadAtStart = load();
say(`bench: ${runs} run(s) of each figure on ${machine} (load average ${load()}); process output in ${logPath}`);

// 1. The limits, measured now on the same services.
const bullRuns: number[] = [];
const pgRuns: number[] = [];
if (want('limits') || want('throughput')) {
  await measureBullmqNoop({ redisUrl, jobs: 2000 });
  await measurePgInsertCommit({ databaseUrl, transactions: 500 });
  for (let i = 0; i < runs; i++) {
    bullRuns.push(await measureBullmqNoop({ redisUrl, jobs: quick ? 5000 : 20_000 }));
    pgRuns.push(await measurePgInsertCommit({ databaseUrl, transactions: quick ? 2000 : 8000 }));
    say(
      `limits run ${i + 1}: no-op BullMQ ${Math.round(bullRuns[i])} jobs/s, INSERT+COMMIT ${Math.round(pgRuns[i])} tx/s`,
    );
  }
  rows.push({ label: 'No-op BullMQ worker (same Redis)', parts: [{ runs: bullRuns }], unit: 'jobs/s' });
  rows.push({
    label: 'Single-row INSERT; COMMIT, 4 connections (same PostgreSQL)',
    parts: [{ runs: pgRuns }],
    unit: 'tx/s',
  });
}

const profileDir = values.profile ? join('load', 'results', `profile-${stamp}`) : undefined;
const stack = new BenchStack(databaseUrl, redisUrl, log, profileDir);
let failed = false;
try {
  say('starting server and worker processes on a fresh database…');
  await stack.start({
    workers: 1,
    logSlowMs: values['log-slow-ms'] === undefined ? undefined : Number(values['log-slow-ms']),
  });
  say(`server ${stack.url}, 1 worker, Redis prefix ${stack.prefix}`);
  const caps = await probe(stack);
  say(
    `engine parts present: ${Object.entries(caps)
      .map(([k, v]) => `${k} ${v ? 'yes' : 'no'}`)
      .join(', ')}`,
  );
  results.capabilities = caps;
  const missing = (needs: Need[]) => needs.filter((n) => !caps[n]);
  const why = (needs: Need[]) =>
    `not measured: this checkout lacks ${missing(needs)
      .map((n) => NEED_TEXT[n])
      .join(' and ')}`;
  const skipped = (label: string) => `not measured: the 10-minute budget ran out before ${label}`;

  const n = quick ? 2000 : 6000;
  const throughputRuns = async (label: string, agents: number) => {
    const rates: number[] = [];
    for (let i = 0; i < runs && !overBudget(); i++) {
      const r = await routingThroughput(stack, {
        agents,
        connected: Math.min(agents, 20),
        conversations: n,
        gateway: caps.gateway,
        timeoutMs: quick ? 10_000 : 20_000,
      });
      correctness = addCorrectness(correctness, r.correctness);
      rates.push(r.rate);
      say(
        `${label} run ${i + 1}: ${Math.round(r.rate)} conv/s${r.complete ? '' : ` (INCOMPLETE: not all ${n} routed within the run's time limit)`}`,
      );
      if (!r.complete) {
        // The worker may still be inside a long batch for that account: restart it so the next figure starts clean.
        // One run of a figure this slow says enough; repeating it would blow the 10-minute budget.
        await stack.restartWorkers();
        incomplete.push(label);
        break;
      }
    }
    return rates;
  };
  const incomplete: string[] = [];

  // 2. Routing throughput with one and two worker processes.
  const tputNeeds: Need[] = ['routing'];
  let oneWorker: number[] = [];
  if (want('throughput')) {
    if (missing(tputNeeds).length) {
      rows.push(naRow('Routing throughput, 1 worker', 'conv/s', why(tputNeeds), '≥ 3,000'));
      rows.push(naRow('Routing throughput, 2 workers', 'conv/s', why(tputNeeds)));
    } else {
      oneWorker = await throughputRuns('throughput, 1 worker', 100);
      rows.push({
        label: `Routing throughput, 1 worker (${n.toLocaleString('en-US')} conv, 100 agents)`,
        parts: [{ runs: oneWorker }],
        unit: 'conv/s',
        target: '≥ 3,000',
        note: incomplete.includes('throughput, 1 worker')
          ? 'timed out (rate = what was routed before the limit; one run only)'
          : undefined,
      });
      rows.push({
        label: '… ÷ no-op BullMQ rate',
        parts: [{ runs: oneWorker.map((r, i) => r / (bullRuns[i] ?? Number.NaN)), digits: 2 }],
        unit: 'ratio',
        target: '≥ 0.25',
      });
      rows.push({
        label: '… ÷ INSERT; COMMIT rate',
        parts: [{ runs: oneWorker.map((r, i) => r / (pgRuns[i] ?? Number.NaN)), digits: 2 }],
        unit: 'ratio',
      });
      await stack.addWorker();
      const twoWorkers = await throughputRuns('throughput, 2 workers', 100);
      await stack.removeWorker();
      rows.push({ label: 'Routing throughput, 2 workers', parts: [{ runs: twoWorkers }], unit: 'conv/s' });
    }
  }

  // 3. End to end: inbound HTTP accepted → agent's socket.
  const e2eNeeds: Need[] = ['routing', 'inbound', 'gateway'];
  if (want('e2e')) {
    const fractions = [0.25, 0.5, 0.9];
    if (missing(e2eNeeds).length) {
      rows.push(naRow('E2E max sustainable rate', 'conv/s', why(e2eNeeds)));
      for (const f of fractions) rows.push(naRow(`E2E latency at ${f * 100}% of max`, 'ms', why(e2eNeeds)));
      rows.push(naRow('E2E latency at 1,000/s', 'ms', why(e2eNeeds), 'p99 ≤ 100'));
    } else if (overBudget()) {
      rows.push(naRow('E2E', 'ms', skipped('end to end')));
    } else {
      const e2eRuns: E2eRun[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await endToEnd(
          stack,
          {
            agents: 50,
            probeMs: quick ? 2000 : 4000,
            levelMs: quick ? 2000 : 4000,
            fractions,
            fixedRates: [1000],
            concurrency: 64,
          },
          (s) => say(`e2e run ${i + 1}: ${s}`),
        );
        correctness = addCorrectness(correctness, r.correctness);
        e2eRuns.push(r);
      }
      rows.push({
        label: 'E2E max sustainable rate (64 in flight)',
        parts: [{ runs: e2eRuns.map((r) => r.maxRate) }],
        unit: 'conv/s',
      });
      const levelLabels = [...fractions.map((f) => `${f * 100}% of max`), '1,000/s'];
      levelLabels.forEach((label, k) => {
        const at = e2eRuns.map((r) => r.levels[k]);
        rows.push({
          label: `E2E latency at ${label} (${at.map((l) => l.rate).join('/')} offered, ${at.map((l) => Math.round(l.acceptedRate)).join('/')} accepted conv/s)`,
          parts: [
            { name: 'p50', runs: at.map((l) => l.p50), digits: 1 },
            { name: 'p95', runs: at.map((l) => l.p95), digits: 1 },
            { name: 'p99', runs: at.map((l) => l.p99), digits: 1 },
          ],
          unit: 'ms',
          target: label === '1,000/s' ? 'p99 ≤ 100' : undefined,
          note:
            [
              at.some((l) => l.acceptedRate < 0.9 * l.rate)
                ? `the inbound API accepted only ${at.map((l) => Math.round(l.acceptedRate)).join('/')} of the ${at[0].rate}/s offered (inbound HTTP p99 ${at.map((l) => Math.round(l.httpP99)).join('/')} ms): latency is of what got in, the rate itself is not sustained`
                : '',
              at.some((l) => l.unreceived)
                ? `${at.reduce((s, l) => s + l.unreceived, 0)} accepted conversation(s) assigned but never received by the agent's SDK handler (see the progress lines)`
                : '',
            ]
              .filter(Boolean)
              .join('; ') || undefined,
        });
      });
    }
  }

  // 4. Drain and capacity latency.
  const drainNeeds: Need[] = ['routing', 'gateway', caps.resolveApi ? 'resolveApi' : 'socketResolve'];
  if (want('drain')) {
    if (missing(drainNeeds).length)
      rows.push(naRow('Drain latency (resolve → next queued received)', 'ms', why(drainNeeds), 'p99 ≤ 100'));
    else if (overBudget()) rows.push(naRow('Drain latency', 'ms', skipped('drain')));
    else {
      const p50: number[] = [];
      const p99: number[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await drainLatency(stack, {
          agents: 10,
          samples: quick ? 50 : 200,
          resolveVia: caps.resolveApi ? 'rest' : 'socket',
        });
        correctness = addCorrectness(correctness, r.correctness);
        p50.push(r.p50);
        p99.push(r.p99);
        say(`drain run ${i + 1}: p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} ms over ${r.samples} samples`);
      }
      rows.push({
        label: `Drain latency (resolve sent over ${caps.resolveApi ? 'REST' : 'the socket'} → next queued received, 10 agents)`,
        parts: [
          { name: 'p50', runs: p50, digits: 1 },
          { name: 'p99', runs: p99, digits: 1 },
        ],
        unit: 'ms',
        target: 'p99 ≤ 100',
      });
    }
  }
  const capNeeds: Need[] = ['routing', 'capacityApi'];
  if (want('capacity')) {
    if (missing(capNeeds).length)
      rows.push(naRow('Capacity latency (admin change → first decision using it)', 'ms', why(capNeeds), 'p99 ≤ 100'));
    else if (overBudget()) rows.push(naRow('Capacity latency', 'ms', skipped('capacity')));
    else {
      const p50: number[] = [];
      const p99: number[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await capacityLatency(stack, { agents: 5, samples: quick ? 30 : 100, gateway: caps.gateway });
        correctness = addCorrectness(correctness, r.correctness);
        p50.push(r.p50);
        p99.push(r.p99);
        say(`capacity run ${i + 1}: p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} ms over ${r.samples} samples`);
      }
      rows.push({
        label: caps.gateway
          ? 'Capacity latency (PUT capacity sent → assignment received)'
          : 'Capacity latency (PUT capacity sent → assignment committed; no gateway)',
        parts: [
          { name: 'p50', runs: p50, digits: 1 },
          { name: 'p99', runs: p99, digits: 1 },
        ],
        unit: 'ms',
        target: 'p99 ≤ 100',
      });
    }
  }

  // 5. Scale: the cost of a decision must not grow with the number of candidates.
  if (want('scale')) {
    if (missing(tputNeeds).length)
      rows.push(
        naRow('Scale: throughput with 10 / 1,000 / 10,000 agents', 'conv/s', why(tputNeeds), '10,000 ≥ 0.8 × 10'),
      );
    else if (overBudget()) rows.push(naRow('Scale', 'conv/s', skipped('scale')));
    else {
      const byAgents = new Map<number, number[]>();
      for (const agents of [10, 1000, 10_000])
        byAgents.set(agents, await throughputRuns(`scale, ${agents.toLocaleString('en-US')} agents`, agents));
      rows.push({
        label: 'Scale: throughput with 10 / 1,000 / 10,000 agents',
        parts: [...byAgents].map(([a, r]) => ({ name: a.toLocaleString('en-US'), runs: r })),
        unit: 'conv/s',
        note: incomplete.some((l) => l.startsWith('scale'))
          ? `timed out (rate = what was routed before the limit; one run only): ${incomplete.filter((l) => l.startsWith('scale')).join(', ')}`
          : undefined,
      });
      const small = byAgents.get(10)!;
      rows.push({
        label: '… 10,000 agents ÷ 10 agents',
        parts: [{ runs: byAgents.get(10_000)!.map((r, i) => r / small[i]), digits: 2 }],
        unit: 'ratio',
        target: '≥ 0.80',
      });
    }
  }
} catch (e) {
  failed = true;
  console.error(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
} finally {
  await stack.close(values.keep);
  log.end();
}

rows.push({
  label: 'Capacity violations',
  parts: [{ runs: [correctness.capacityViolations] }],
  unit: 'count',
  target: '0',
});
rows.push({ label: 'Lost conversations', parts: [{ runs: [correctness.lost] }], unit: 'count', target: '0' });
rows.push({
  label: 'Left Unassigned with free capacity at the end of a run',
  parts: [{ runs: [correctness.stuck] }],
  unit: 'count',
  target: '0',
});
rows.push({
  label: 'Double assignments',
  parts: [{ runs: [correctness.doubleAssignments] }],
  unit: 'count',
  target: '0',
});

const table = renderTable(rows, runs);
console.log(`\n${table}\n`);
results.loadAtEnd = load();
console.log(
  `Correctness counters are totals over every run. ${Math.round((performance.now() - started) / 1000)} s in all on ${machine}; load average ${String(results.loadAtStart)} at the start, ${String(results.loadAtEnd)} at the end (other work on the machine lowers every figure).`,
);
const out = join('load', 'results', `bench-${stamp}.json`);
writeFileSync(out, JSON.stringify({ ...results, rows, correctness, table }, null, 2));
console.log(`results: ${out}`);
if (profileDir)
  console.log(
    `CPU profiles: ${profileDir} (summarise with: npx tsx load/bench/profile-summary.ts ${profileDir}/<file>.cpuprofile)`,
  );
if (!isClean(correctness)) console.error('bench: correctness counters are not zero');
process.exit(failed || !isClean(correctness) ? 1 : 0);
