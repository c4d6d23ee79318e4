// Scenario logic shared by the k6 scripts and the Node harness: what a message looks like, how fast and how
// mixed the traffic is, how long agents hold a conversation, how admins move capacity. Plain JavaScript with
// no imports, because k6 (goja) and Node must both load it unchanged.

/** The API paths the scenarios call. */
export const API = {
  inbound: '/v1/inbound/messages',
  signIn: '/auth/sign-in',
  me: '/me',
  users: '/users',
  capacity: (userId) => `/users/${userId}/capacity`,
  resolve: (conversationId) => `/conversations/${conversationId}/resolve`,
  availability: '/me/availability',
  socketPath: '/socket.io/',
};

/** Socket event names the scenarios use (the durable ones are checked against client-sdk by a unit test). */
export const EVENTS = {
  assigned: 'conversation.assigned',
  resolved: 'conversation.resolved',
  /** Server → client after every (re)connect: `{ events, done, upTo }`, acknowledged. */
  replay: 'events.replay',
  /** Client → server: `{ lastEventId }`, cumulative. */
  ack: 'events.ack',
  /** Client → server with an acknowledgement and no payload. */
  pause: 'presence.pause',
  resume: 'presence.resume',
  /** Client → server with an acknowledgement: `{ conversationId }`. */
  resolve: 'conversation.resolve',
};

/** The demo deployment `npm start` seeds: the defaults when a run is pointed at it. */
export const DEMO = {
  baseUrl: 'http://127.0.0.1:3000',
  apiKey: 'sbk_demo_inbound_key_do_not_use_in_production',
  channel: '+15550100',
  password: 'switchboard-demo',
  admins: ['owner@demo.switchboard.test'],
  agents: [
    'admin@demo.switchboard.test',
    'operator@demo.switchboard.test',
    'manager@demo.switchboard.test',
    'service1@demo.switchboard.test',
    'service2@demo.switchboard.test',
    'sale1@demo.switchboard.test',
    'sale2@demo.switchboard.test',
  ],
};

export const SCENARIOS = ['inbound-flood', 'agents', 'admins', 'mixed'];

/** Every knob of every scenario, with the value used when none is given. */
export const DEFAULTS = {
  rate: 20, // inbound messages per second
  duration: '30s',
  agents: 7,
  admins: 1,
  teams: 0,
  capacity: 5,
  hold: '2s', // mean time an agent keeps a conversation before resolving it
  followUps: 0.3, // share of inbound messages that continue an existing contact's conversation
  pauseRatio: 0.1, // share of agents that pause for a while during the run
  capacityChangeEvery: '2s', // per admin
  capacityMin: 1,
  capacityMax: 10,
  seed: 1,
};

/** '60s', '2m', '500ms', '1h' or a number of milliseconds → milliseconds. */
export function parseDuration(value) {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(value).trim());
  if (!m) throw new Error(`not a duration: ${value} (use e.g. 500ms, 30s, 2m)`);
  const n = Number(m[1]);
  const unit = m[2] || 'ms';
  return Math.round(n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit]);
}

/** A small seedable generator (mulberry32): the same seed gives the same traffic in k6 and in Node. */
export function createRandom(seed) {
  let a = seed >>> 0 || 1;
  return function random() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Inbound messages: new contacts, and with probability `followUps` a message from a contact seen before
 * (which lands in that contact's ongoing conversation, or opens a new one once it was resolved).
 * `runId` keeps provider message ids and phone numbers of separate runs (and k6 VUs) apart.
 */
export function createMessageSource(opts) {
  const random = createRandom(opts.seed || 1);
  const followUps = opts.followUps === undefined ? DEFAULTS.followUps : opts.followUps;
  const runId = String(opts.runId);
  // Phone numbers: + country-ish prefix, a per-run block, then a counter: unique within and across runs.
  const block = 1e6 + (hash(runId) % 8_999_999);
  let contacts = 0;
  let sent = 0;
  return {
    next() {
      sent++;
      const followUp = contacts > 0 && random() < followUps;
      const n = followUp ? 1 + Math.floor(random() * contacts) : ++contacts;
      const contactPhone = `+4${block}${String(n).padStart(6, '0')}`;
      return {
        contactPhone,
        contactName: `Load contact ${n}`,
        text: followUp ? `Follow-up ${sent} from ${n}` : `Hello, I need help (${sent})`,
        providerMessageId: `load-${runId}-${sent}`,
        followUp,
      };
    },
  };
}

/** The JSON body of `POST /v1/inbound/messages` for one generated message (`channel` is the WhatsApp number). */
export function inboundBody(channel, m, extra) {
  const body = {
    channel: { phone: channel },
    contact: { phone: m.contactPhone, name: m.contactName },
    text: m.text,
    providerMessageId: m.providerMessageId,
  };
  if (extra && extra.teamId) body.teamId = extra.teamId;
  if (extra && extra.priority !== undefined) body.priority = extra.priority;
  return body;
}

/** Milliseconds after the start at which message `i` (0-based) is due, for an even rate. */
export function dueAt(i, rate) {
  return (i * 1000) / rate;
}

/** An agent's hold time: uniform between half and one and a half times the mean. */
export function holdFor(random, meanMs) {
  return Math.round(meanMs * (0.5 + random()));
}

/** Whether this agent takes a pause during the run, and when and for how long (ms from its start). */
export function pausePlan(random, ratio, durationMs) {
  if (random() >= ratio) return null;
  const at = Math.round(durationMs * (0.2 + 0.4 * random()));
  return { at, for: Math.round(durationMs * (0.1 + 0.2 * random())) };
}

/** The next capacity an admin sets: anywhere in [min, max], never the same as now. */
export function nextCapacity(random, current, min, max) {
  if (max <= min) return min;
  let c = current;
  while (c === current) c = min + Math.floor(random() * (max - min + 1));
  return c;
}

function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
