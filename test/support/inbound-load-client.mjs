// Load generator for the inbound webhook, run as its own process so its CPU does not compete with the
// server's event loop inside one process (which made earlier in-process figures read low and noisy).
// Plain JS on node:http so it starts without a TypeScript loader. One JSON line on stdout at the end.
//
// argv[2] is a JSON object: { url, apiKey, channelPhone, total, concurrency, rate?, maxSeconds, followUps?, contactBase? }
//   contactBase: offset of this run's contact numbers, so successive runs open new conversations.
//   rate absent: closed loop, `concurrency` requests outstanding at all times (maximum throughput).
//   rate given:  open loop, one request every 1/rate s regardless of answers (latency at that load),
//                with at most `concurrency` sockets; latency is measured from the scheduled send time so
//                a stalled client does not hide queueing (no coordinated omission).
import http from 'node:http';
import { randomUUID } from 'node:crypto';

const o = JSON.parse(process.argv[2]);
const target = new URL('/v1/inbound/messages', o.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
const runId = randomUUID().slice(0, 8);
const latencies = [];
const statuses = {};
let errors = 0;

function post(i) {
  // followUps: that share of messages reuses an earlier contact, so it joins an ongoing conversation.
  const contact = o.followUps && i > 10 && i % Math.round(1 / o.followUps) === 0 ? i - 7 : i;
  const body = JSON.stringify({
    channel: { phone: o.channelPhone },
    contact: { phone: `+33${String((o.contactBase ?? 0) + contact).padStart(9, '0')}`, name: `c${contact}` },
    text: 'hello',
    providerMessageId: `${runId}-${i}`,
  });
  return new Promise((resolve) => {
    const req = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-api-key': o.apiKey,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          resolve();
        });
      },
    );
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end(body);
  });
}

const deadline = performance.now() + o.maxSeconds * 1000;
const t0 = performance.now();
let sent = 0;

if (!o.rate) {
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (sent < o.total && performance.now() < deadline) {
        const i = sent++;
        const s = performance.now();
        await post(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
} else {
  const inflight = new Set();
  const interval = 1000 / o.rate;
  while (sent < o.total && performance.now() < deadline) {
    const due = t0 + sent * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    // Send every request that is due now (timers are coarse at high rates).
    while (sent < o.total && t0 + sent * interval <= performance.now()) {
      const i = sent++;
      const scheduled = t0 + i * interval;
      const p = post(i).then(() => {
        latencies.push(performance.now() - scheduled);
        inflight.delete(p);
      });
      inflight.add(p);
    }
  }
  await Promise.all(inflight);
}

const secs = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const q = (p) =>
  latencies.length ? +latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1) : null;
process.stdout.write(
  JSON.stringify({
    sent,
    done: latencies.length,
    secs: +secs.toFixed(2),
    perSec: Math.round(latencies.length / secs),
    p50: q(0.5),
    p90: q(0.9),
    p99: q(0.99),
    max: q(1),
    statuses,
    errors,
  }) + '\n',
);
agent.destroy();
