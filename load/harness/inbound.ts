import { createMessageSource, dueAt, inboundBody, API, type GeneratedMessage } from '../shared/scenarios.js';
import type { Recorder } from './recorder.js';

export interface InboundOptions {
  baseUrl: string;
  apiKey: string;
  channel: string;
  /** Messages per second; paced open-loop so a slow server shows up as latency, not as a lower rate. */
  rate: number;
  durationMs: number;
  followUps?: number;
  seed?: number;
  runId: string;
  /** Requests allowed in flight at once; beyond it a due message is counted as `skipped` (the rate is unsustainable). */
  maxInFlight?: number;
  /** Extra fields on every message (team, priority). */
  extra?: { teamId?: string; priority?: number };
  onAccepted?: (m: GeneratedMessage, acceptedAt: number) => void;
  signal?: AbortSignal;
}

/**
 * Posts generated WhatsApp messages to the inbound API at a steady rate. `accepted` is the moment the server
 * answered 2xx: the message is durably stored then, which is where end-to-end latency starts.
 */
export async function runInbound(opts: InboundOptions, rec: Recorder): Promise<void> {
  const source = createMessageSource({ seed: opts.seed, followUps: opts.followUps, runId: opts.runId });
  const maxInFlight = opts.maxInFlight ?? 256;
  const total = Math.floor((opts.rate * opts.durationMs) / 1000);
  const started = performance.now();
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  for (let i = 0; i < total && !opts.signal?.aborted; i++) {
    const wait = started + dueAt(i, opts.rate) - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const m = source.next();
    if (inFlight >= maxInFlight) {
      rec.count('skipped');
      continue;
    }
    inFlight++;
    rec.count('sent');
    const p = post(opts, m, rec).finally(() => {
      inFlight--;
      pending.delete(p);
    });
    pending.add(p);
  }
  await Promise.all(pending);
}

async function post(opts: InboundOptions, m: GeneratedMessage, rec: Recorder): Promise<void> {
  const t0 = performance.now();
  try {
    const res = await fetch(opts.baseUrl + API.inbound, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': opts.apiKey },
      body: JSON.stringify(inboundBody(opts.channel, m, opts.extra)),
    });
    await res.arrayBuffer();
    const now = performance.now();
    rec.observe('http', now - t0);
    if (res.status >= 200 && res.status < 300) {
      rec.count('accepted');
      opts.onAccepted?.(m, now);
    } else {
      rec.count('http_errors');
      rec.count(`http_${res.status}`);
    }
  } catch {
    rec.count('http_errors');
  }
}
