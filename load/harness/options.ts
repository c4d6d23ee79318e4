import { parseArgs } from 'node:util';
import { DEFAULTS, SCENARIOS, parseDuration, type ScenarioName } from '../shared/scenarios.js';
import type { HarnessOptions } from './scenarios.js';

export const USAGE = `Usage: npm run load -- <${SCENARIOS.join('|')}> [options]

  --url URL              target (default http://127.0.0.1:3000, what \`npm start\` runs; loopback only)
  --rate N               inbound messages per second (default ${DEFAULTS.rate})
  --duration D           e.g. 30s, 2m (default ${DEFAULTS.duration})
  --agents N             agents connected over Socket.IO (default ${DEFAULTS.agents}: the demo users)
  --admins N             admins changing capacities (default ${DEFAULTS.admins})
  --capacity N           capacity of each agent, set before the run with --set-capacity (default ${DEFAULTS.capacity})
  --set-capacity         set every agent's capacity to --capacity first (needs an admin)
  --hold D               mean time an agent holds a conversation before resolving (default ${DEFAULTS.hold})
  --follow-ups R         share of messages from returning contacts, 0..1 (default ${DEFAULTS.followUps})
  --pause-ratio R        share of agents that pause once during the run (default ${DEFAULTS.pauseRatio})
  --capacity-every D     how often each admin changes a capacity (default ${DEFAULTS.capacityChangeEvery})
  --capacity-min N, --capacity-max N   range of those changes (default ${DEFAULTS.capacityMin}..${DEFAULTS.capacityMax})
  --settle D             after the traffic, wait up to D for the queue to settle (default 10s)
  --users FILE           JSON { apiKey?, channel?, agents: [{email,password}|{token,id}], admins: [...] }
                         (default: the demo account's users and API key)
  --api-key KEY, --channel PHONE       override the inbound key and channel
  --seed N               random seed (default ${DEFAULTS.seed})
  --out FILE             result file (default load/results/<scenario>-<time>.json)
  --max-duration D       hard cap on the whole run (default 10m)
`;

export interface CliOptions extends HarnessOptions {
  url: string;
  usersFile?: string;
  apiKey?: string;
  channel?: string;
  out?: string;
  maxDurationMs: number;
}

const num = (v: string | undefined, fallback: number, name: string): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${v}`);
  return n;
};

export function parseCli(argv: string[]): CliOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      agents: { type: 'string' },
      admins: { type: 'string' },
      teams: { type: 'string' },
      capacity: { type: 'string' },
      'set-capacity': { type: 'boolean' },
      hold: { type: 'string' },
      'follow-ups': { type: 'string' },
      'pause-ratio': { type: 'string' },
      'capacity-every': { type: 'string' },
      'capacity-min': { type: 'string' },
      'capacity-max': { type: 'string' },
      settle: { type: 'string' },
      users: { type: 'string' },
      'api-key': { type: 'string' },
      channel: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'max-duration': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new UsageRequest();
  const scenario = positionals[0] as ScenarioName | undefined;
  if (!scenario || !SCENARIOS.includes(scenario))
    throw new Error(`unknown or missing scenario ${scenario ?? ''}\n\n${USAGE}`);
  const durationMs = parseDuration(values.duration ?? DEFAULTS.duration);
  const maxDurationMs = parseDuration(values['max-duration'] ?? '10m');
  if (durationMs > maxDurationMs) throw new Error(`--duration ${values.duration} is longer than --max-duration`);
  const rate = num(values.rate, DEFAULTS.rate, 'rate');
  if ((rate * durationMs) / 1000 > 1_000_000)
    throw new Error('at most 1,000,000 messages per run (lower --rate or --duration)');
  return {
    scenario,
    url: values.url ?? 'http://127.0.0.1:3000',
    rate,
    durationMs,
    maxDurationMs,
    agents: Math.floor(num(values.agents, DEFAULTS.agents, 'agents')),
    admins: Math.floor(num(values.admins, DEFAULTS.admins, 'admins')),
    capacity: Math.floor(num(values.capacity, DEFAULTS.capacity, 'capacity')),
    setCapacity: values['set-capacity'] ?? false,
    holdMs: parseDuration(values.hold ?? DEFAULTS.hold),
    followUps: num(values['follow-ups'], DEFAULTS.followUps, 'follow-ups'),
    pauseRatio: num(values['pause-ratio'], DEFAULTS.pauseRatio, 'pause-ratio'),
    capacityChangeEveryMs: parseDuration(values['capacity-every'] ?? DEFAULTS.capacityChangeEvery),
    capacityMin: Math.floor(num(values['capacity-min'], DEFAULTS.capacityMin, 'capacity-min')),
    capacityMax: Math.floor(num(values['capacity-max'], DEFAULTS.capacityMax, 'capacity-max')),
    settleMs: parseDuration(values.settle ?? '10s'),
    seed: Math.floor(num(values.seed, DEFAULTS.seed, 'seed')),
    usersFile: values.users,
    apiKey: values['api-key'],
    channel: values.channel,
    out: values.out,
  };
}

export class UsageRequest extends Error {}
