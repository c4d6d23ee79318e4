// Run parameters from the environment (`k6 run -e RATE=200 …`), with the shared scenario defaults.
import { DEFAULTS, DEMO, parseDuration } from '../../shared/scenarios.js';

function num(name, fallback) {
  const v = __ENV[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${v}`);
  return n;
}

function users() {
  // USERS_FILE: JSON { apiKey?, channel?, agents: [{ email, password } | { token, id }], admins: [...] }.
  if (__ENV.USERS_FILE) return JSON.parse(open(__ENV.USERS_FILE));
  const password = __ENV.PASSWORD || DEMO.password;
  return {
    agents: DEMO.agents.map((email) => ({ email, password })),
    admins: DEMO.admins.map((email) => ({ email, password })),
  };
}

const file = users();

export const config = {
  baseUrl: (__ENV.BASE_URL || DEMO.baseUrl).replace(/\/$/, ''),
  apiKey: __ENV.API_KEY || file.apiKey || DEMO.apiKey,
  channel: __ENV.CHANNEL || file.channel || DEMO.channel,
  rate: num('RATE', DEFAULTS.rate),
  duration: __ENV.DURATION || DEFAULTS.duration,
  durationMs: parseDuration(__ENV.DURATION || DEFAULTS.duration),
  agents: Math.floor(num('AGENTS', Math.min(DEFAULTS.agents, file.agents.length))),
  admins: Math.floor(num('ADMINS', DEFAULTS.admins)),
  holdMs: parseDuration(__ENV.HOLD || DEFAULTS.hold),
  followUps: num('FOLLOW_UPS', DEFAULTS.followUps),
  pauseRatio: num('PAUSE_RATIO', DEFAULTS.pauseRatio),
  capacityChangeEveryMs: parseDuration(__ENV.CAPACITY_EVERY || DEFAULTS.capacityChangeEvery),
  capacityMin: Math.floor(num('CAPACITY_MIN', DEFAULTS.capacityMin)),
  capacityMax: Math.floor(num('CAPACITY_MAX', DEFAULTS.capacityMax)),
  seed: Math.floor(num('SEED', DEFAULTS.seed)),
  runId: __ENV.RUN_ID || String(Date.now()),
  // Latency thresholds (ms), so a deployment can hold itself to its own targets.
  p99InboundMs: num('P99_INBOUND_MS', 500),
  p99ReceiptMs: num('P99_RECEIPT_MS', 250),
  p99CapacityMs: num('P99_CAPACITY_MS', 250),
  maxErrorRate: num('MAX_ERROR_RATE', 0.01),
  users: file,
};
