import { API, DEMO, createRandom, holdFor, nextCapacity, pausePlan, type ScenarioName } from '../shared/scenarios.js';
import { callJson } from './http.js';
import { runInbound } from './inbound.js';
import { Recorder } from './recorder.js';
import { SocketAgent, type Received } from './socket-agent.js';
import { ReceiptMatcher } from './matcher.js';

export interface Credential {
  email?: string;
  password?: string;
  /** A session token; skips signing in (the bench and the CI smoke test seed sessions directly). */
  token?: string;
  id?: string;
}

export interface Target {
  url: string;
  apiKey: string;
  channel: string;
  agents: Credential[];
  admins: Credential[];
}

export interface HarnessOptions {
  scenario: ScenarioName;
  rate: number;
  durationMs: number;
  agents: number;
  admins: number;
  capacity: number | null;
  holdMs: number;
  followUps: number;
  pauseRatio: number;
  capacityChangeEveryMs: number;
  capacityMin: number;
  capacityMax: number;
  seed: number;
  /** After the traffic stops, how long to wait for the queue to settle (everything accepted assigned). */
  settleMs: number;
  /** Set the agents' capacity to `capacity` before the run (needs an admin). */
  setCapacity: boolean;
  progress?: (line: string) => void;
}

export const demoTarget = (url: string): Target => ({
  url,
  apiKey: DEMO.apiKey,
  channel: DEMO.channel,
  agents: DEMO.agents.map((email) => ({ email, password: DEMO.password })),
  admins: DEMO.admins.map((email) => ({ email, password: DEMO.password })),
});

interface Session {
  id: string;
  token: string;
}

async function open(url: string, c: Credential, rec: Recorder): Promise<Session | null> {
  let token = c.token;
  if (!token) {
    const r = await callJson(url, 'POST', API.signIn, { body: { email: c.email, password: c.password } });
    if (r.status !== 200 || r.body?.stage !== 'full') {
      rec.count('signin_errors');
      return null;
    }
    token = r.body.token as string;
  }
  let id = c.id;
  if (!id) {
    const me = await callJson(url, 'GET', API.me, { token });
    if (me.status !== 200) {
      rec.count('signin_errors');
      return null;
    }
    id = me.body.user.id as string;
  }
  return { id: id, token: token };
}

export interface HarnessResult {
  scenario: ScenarioName;
  options: Omit<HarnessOptions, 'progress'>;
  target: { url: string; agents: number; admins: number };
  result: ReturnType<Recorder['toJSON']>;
  /** Conversations accepted (new contacts) whose assignment no agent socket received by the end. */
  unreceived: number;
}

/**
 * Runs one scenario against a running deployment. The same pieces make up the bench's end-to-end figures,
 * so what the bench reports is what `npm run load` and the k6 scripts exercise.
 */
export async function runScenario(target: Target, opts: HarnessOptions): Promise<HarnessResult> {
  const rec = new Recorder();
  const random = createRandom(opts.seed);
  const wantsInbound = opts.scenario === 'inbound-flood' || opts.scenario === 'mixed';
  const wantsAgents = opts.scenario !== 'inbound-flood';
  const wantsAdmins = opts.scenario === 'admins' || opts.scenario === 'mixed';
  const stop = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stop.signal.aborted) fn();
    }, ms);
    timers.add(t);
  };

  // Sessions first, so that the clock of the run starts with everyone in place.
  const adminSessions =
    wantsAdmins || opts.setCapacity
      ? (
          await Promise.all(target.admins.slice(0, Math.max(1, opts.admins)).map((c) => open(target.url, c, rec)))
        ).filter((s): s is Session => !!s)
      : [];
  const agentSessions = wantsAgents
    ? (await Promise.all(target.agents.slice(0, opts.agents).map((c) => open(target.url, c, rec)))).filter(
        (s): s is Session => !!s,
      )
    : [];
  if (wantsAgents && agentSessions.length < opts.agents) {
    opts.progress?.(
      `note: ${agentSessions.length} agent session(s) available of ${opts.agents} asked for (give more with --users)`,
    );
  }
  if (opts.setCapacity && adminSessions[0]) {
    for (const a of agentSessions) {
      const r = await callJson(target.url, 'PUT', API.capacity(a.id), {
        token: adminSessions[0].token,
        body: { capacity: opts.capacity },
      });
      rec.count(r.status < 300 ? 'capacity_set' : 'capacity_errors');
    }
  }

  // New-contact messages: their assignment is the end of the end-to-end latency.
  const matcher = new ReceiptMatcher((ms) => rec.observe('e2e', ms));
  const receivedBy = new Map<string, Set<string>>();

  const agents: SocketAgent[] = [];
  // Resolved over the socket through the SDK, as an agent app does.
  const resolve = async (agent: SocketAgent, r: Received) => {
    try {
      await agent.resolve(r.conversationId);
      rec.count('resolved');
    } catch (e) {
      // A server without the socket resolve wired answers "not available": counted apart from failures.
      rec.count(/not available/i.test((e as Error).message) ? 'resolve_unavailable' : 'resolve_errors');
    }
  };
  await Promise.all(
    agentSessions.map(async (a) => {
      const agent: SocketAgent = new SocketAgent(target.url, a.id, a.token, (r) => {
        if (r.assigneeId && r.assigneeId !== a.id) return; // an admin-style broadcast of someone else's assignment
        rec.count('assigned');
        const who = receivedBy.get(r.conversationId) ?? new Set<string>();
        who.add(a.id);
        receivedBy.set(r.conversationId, who);
        if (r.at) rec.observe('commit_to_receipt', Math.max(0, Date.now() - Date.parse(r.at)));
        if (r.contactPhone) matcher.onReceived(r.contactPhone, r.receivedAt);
        later(holdFor(random, opts.holdMs), () => void resolve(agent, r));
      });
      try {
        await agent.connect();
        agents.push(agent);
        rec.count('connected');
      } catch {
        rec.count('connect_errors');
        agent.close();
        return;
      }
      const plan = pausePlan(random, opts.pauseRatio, opts.durationMs);
      if (plan) {
        later(plan.at, () => {
          agent.pause().then(
            () => rec.count('paused'),
            () => rec.count('pause_errors'),
          );
          later(
            plan.for,
            () =>
              void agent.resume().then(
                () => rec.count('resumed'),
                () => rec.count('pause_errors'),
              ),
          );
        });
      }
    }),
  );

  const progressKeys = [
    ...(wantsInbound ? ['sent', 'accepted', 'http_errors'] : []),
    ...(wantsAgents ? ['connected', 'assigned', 'resolved'] : []),
    ...(wantsAdmins ? ['capacity_changes'] : []),
  ];
  const ticker = setInterval(
    () => opts.progress?.(rec.progressLine(progressKeys, wantsInbound && wantsAgents ? 'e2e' : undefined)),
    1000,
  );

  const work: Promise<unknown>[] = [];
  if (wantsInbound) {
    work.push(
      runInbound(
        {
          baseUrl: target.url,
          apiKey: target.apiKey,
          channel: target.channel,
          rate: opts.rate,
          durationMs: opts.durationMs,
          followUps: opts.followUps,
          seed: opts.seed,
          runId: `${Date.now().toString(36)}${opts.seed}`,
          signal: stop.signal,
          onAccepted: (m, at) => {
            if (!m.followUp) matcher.onAccepted(m.contactPhone, at);
          },
        },
        rec,
      ),
    );
  }
  if (wantsAdmins && adminSessions.length) {
    const ids = agentSessions.map((a) => a.id);
    const current = new Map(ids.map((id) => [id, opts.capacity ?? opts.capacityMin]));
    for (const admin of adminSessions) {
      work.push(
        (async () => {
          const until = Date.now() + opts.durationMs;
          while (Date.now() < until && ids.length) {
            const id = ids[Math.floor(random() * ids.length)];
            const capacity = nextCapacity(random, current.get(id)!, opts.capacityMin, opts.capacityMax);
            const t0 = performance.now();
            const r = await callJson(target.url, 'PUT', API.capacity(id), {
              token: admin.token,
              body: { capacity },
            }).catch(() => ({ status: 0 }));
            rec.observe('capacity_http', performance.now() - t0);
            if (r.status >= 200 && r.status < 300) {
              current.set(id, capacity);
              rec.count('capacity_changes');
            } else rec.count('capacity_errors');
            await new Promise((r) => setTimeout(r, opts.capacityChangeEveryMs));
          }
        })(),
      );
    }
  }
  if (!wantsInbound) work.push(new Promise((r) => setTimeout(r, opts.durationMs)));
  await Promise.all(work);

  // Steady state: give the queue time to settle before counting what never arrived.
  if (wantsInbound && wantsAgents) {
    const until = Date.now() + opts.settleMs;
    while (matcher.pending && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  }
  clearInterval(ticker);
  stop.abort();
  for (const t of timers) clearTimeout(t);
  for (const a of agents) a.close();
  if (matcher.early) rec.count('received_before_http_answer', matcher.early);
  let doubles = 0;
  for (const who of receivedBy.values()) if (who.size > 1) doubles++;
  if (doubles) rec.count('double_receipts', doubles);
  opts.progress?.(rec.progressLine(progressKeys, wantsInbound && wantsAgents ? 'e2e' : undefined));
  const { progress: _p, ...options } = opts;
  return {
    scenario: opts.scenario,
    options,
    target: { url: target.url, agents: agentSessions.length, admins: adminSessions.length },
    result: rec.toJSON(),
    unreceived: wantsAgents ? matcher.pending : 0,
  };
}
