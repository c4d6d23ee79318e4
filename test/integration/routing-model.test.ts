import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createStack, type TestStack } from '../support/stack.js';
import { RoutingFixtures } from '../support/routing-fixtures.js';
import { checkInvariants } from '../support/invariants.js';
import { capacityViolations, installCapacityAudit } from '../support/capacity-audit.js';
import { assignableButWaiting, waitFor } from '../support/routing-drive.js';
import { routingFor, type Routing } from '../../server/src/routing/routing.module.js';
import { removeUser, setCapacity, updateUser } from '../../server/src/modules/users/users.service.js';
import type { AuthContext } from '../../server/src/modules/auth/auth.context.js';
import type { Actor } from '../../server/src/routing/visibility.js';

/**
 * Model-based test (docs/invariants.md): fast-check drives the real system (HTTP inbound, the users module, the
 * routing service, an in-process BullMQ worker on real Redis and PostgreSQL) with random sequences of
 * commands, waits for routing to settle, and checks I1–I5 in the database after every step.
 * ROUTING_MODEL_RUNS (default 40) and ROUTING_MODEL_SEED reproduce or lengthen a run.
 */
const RUNS = Number(process.env.ROUTING_MODEL_RUNS ?? 40);
const SEED = Number(process.env.ROUTING_MODEL_SEED ?? Date.now() % 1_000_000);

let stack: TestStack;
let routing: Routing;
const em = () => stack.orm.em.fork();
const sql = <T = any>(q: string, p: unknown[] = []) => em().execute<T[]>(q, p);

beforeAll(async () => {
  stack = await createStack({ servers: 1, workers: 1, env: { ROUTING_SWEEP_MS: '60000' } });
  routing = routingFor(stack.servers[0].ctx);
  await installCapacityAudit(em());
});
afterAll(() => stack?.close());

interface World {
  accountId: string;
  apiKey: string;
  channelPhone: string;
  admin: AuthContext;
  actor: Actor;
  teams: string[];
  agents: string[];
  /** Agents still in the account. */
  alive: Set<string>;
  overrideUsed: Set<string>;
  messages: number;
}

/** Routing has settled: no routing job waiting or running, twice in a row. */
async function settle() {
  const idle = async () => {
    const c = await routing.queue.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(c).every((n) => n === 0);
  };
  await waitFor(
    async () => (await idle()) && (await new Promise((r) => setTimeout(r, 15))) === undefined && (await idle()),
    10_000,
    10,
  );
}

type Loads = Map<string, { ongoing: number; capacity: number | null }>;
async function loads(w: World): Promise<Loads> {
  const rows = await sql(
    `select u.id, u.capacity, l.ongoing from users u join agent_loads l on l.user_id = u.id where u.account_id = ?`,
    [w.accountId],
  );
  return new Map(rows.map((r) => [r.id, { ongoing: r.ongoing, capacity: r.capacity }]));
}

let steps = 0;
const seen = new Map<string, number>();

async function checkAll(w: World, before: Loads, stepStart: Date, label: string) {
  steps++;
  const kind = label.split('(')[0];
  seen.set(kind, (seen.get(kind) ?? 0) + 1);
  await settle();
  const after = await loads(w);
  // I1: whoever gained a conversation this step is within capacity (unless a recorded override).
  for (const [id, a] of after) {
    const b = before.get(id);
    if (b && a.ongoing > b.ongoing && a.capacity !== null && !w.overrideUsed.has(id))
      expect(a.ongoing, `${label}: ${id} over capacity`).toBeLessThanOrEqual(a.capacity);
  }
  expect(await capacityViolations(em())).toEqual([]);
  const inv = await checkInvariants(em(), w.accountId);
  expect(inv.ledgerMismatch, label).toEqual([]);
  expect(inv.badStatus, label).toEqual([]);
  // I2: nothing lost: every accepted message has its conversation.
  const [{ n }] = await sql(
    `select count(*)::int as n from messages m join conversations c on c.id = m.conversation_id where m.account_id = ?`,
    [w.accountId],
  );
  expect(n, label).toBe(w.messages);
  // I3: assignments made in this step went to active members of the conversation's team.
  const ineligible = await sql(
    `select c.id from conversations c left join users u on u.id = c.assignee_id
     where c.account_id = ? and c.status = 'assigned' and c.assigned_at >= ?
       and (u.id is null or u.status <> 'active'
            or (c.team_id is not null and not exists (select 1 from team_members tm where tm.team_id = c.team_id and tm.user_id = u.id)))`,
    [w.accountId, stepStart],
  );
  expect(ineligible, label).toEqual([]);
  // I4: nothing an eligible agent with a free slot could take is still waiting.
  expect(await assignableButWaiting(em(), w.accountId, routing.presence), label).toEqual([]);
  // I5: a conversation auto-assigned this step was not taken ahead of a waiting one its agent could serve.
  const jumped = await sql(
    `select c.id as taken, u.id as skipped from conversations c
       join assignment_events e on e.conversation_id = c.id and e.kind = 'auto' and e.created_at >= ?
       join conversations u on u.account_id = c.account_id and u.status = 'unassigned'
       join contacts uc on uc.id = u.contact_id
     where c.account_id = ? and c.status = 'assigned' and c.assignee_id = e.to_user_id
       and (u.priority > c.priority or (u.priority = c.priority and u.queued_at < c.queued_at))
       and uc.owner_id is null
       and (u.team_id is null or exists (select 1 from team_members tm where tm.team_id = u.team_id and tm.user_id = e.to_user_id))`,
    [stepStart, w.accountId],
  );
  expect(jumped, label).toEqual([]);
}

type Cmd = fc.AsyncCommand<{ n: number }, World>;
const pickFrom = <T>(xs: T[], i: number) => xs[i % xs.length];

class NewConversation implements Cmd {
  constructor(
    readonly team: number | null,
    readonly priority: number,
    readonly owner: number | null,
  ) {}
  check = () => true;
  async run(_m: { n: number }, w: World) {
    const before = await loads(w);
    const start = new Date();
    const phone = `+4${Math.floor(Math.random() * 1e12)}`;
    const ownerId = this.owner === null ? null : pickFrom(w.agents, this.owner);
    if (ownerId && w.alive.has(ownerId)) {
      await sql(
        `insert into contacts (id, account_id, phone_number, name, owner_id, created_at) values (?, ?, ?, 'owned', ?, now())`,
        [randomUUID(), w.accountId, phone, ownerId],
      );
    }
    const res = await fetch(`${stack.url}/v1/inbound/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': w.apiKey },
      body: JSON.stringify({
        channel: { phone: w.channelPhone },
        contact: { phone, name: 'c' },
        text: 'hi',
        providerMessageId: randomUUID(),
        priority: this.priority,
        ...(this.team === null ? {} : { teamId: pickFrom(w.teams, this.team) }),
      }),
    });
    expect(res.status).toBe(201);
    w.messages++;
    await checkAll(w, before, start, this.toString());
  }
  toString = () => `new(team=${this.team}, prio=${this.priority}, owner=${this.owner})`;
}

class Presence implements Cmd {
  constructor(
    readonly agent: number,
    readonly state: 'online' | 'offline' | 'paused' | 'unpaused',
  ) {}
  check = () => true;
  async run(_m: { n: number }, w: World) {
    const id = pickFrom(w.agents, this.agent);
    if (!w.alive.has(id)) return;
    const before = await loads(w);
    const start = new Date();
    let available = false;
    if (this.state === 'online') available = await routing.presence.heartbeat(w.accountId, id, 600_000);
    else if (this.state === 'offline') await routing.presence.disconnect(w.accountId, id);
    else available = await routing.presence.setPaused(w.accountId, id, this.state === 'paused');
    if (available) await routing.queue.requestRouting(w.accountId, 'agent_available');
    await checkAll(w, before, start, this.toString());
  }
  toString = () => `presence(${this.agent}, ${this.state})`;
}

class Capacity implements Cmd {
  constructor(
    readonly agent: number,
    readonly capacity: number | null,
  ) {}
  check = () => true;
  async run(_m: { n: number }, w: World) {
    const id = pickFrom(w.agents, this.agent);
    if (!w.alive.has(id)) return;
    const before = await loads(w);
    const start = new Date();
    await setCapacity(em(), w.admin, id, this.capacity, {
      onRoutingNeeded: (a, r) => routing.queue.requestRouting(a, r),
    });
    await checkAll(w, before, start, this.toString());
  }
  toString = () => `capacity(${this.agent}, ${this.capacity})`;
}

class Teams implements Cmd {
  constructor(
    readonly agent: number,
    readonly teams: number[],
  ) {}
  check = () => true;
  async run(_m: { n: number }, w: World) {
    const id = pickFrom(w.agents, this.agent);
    if (!w.alive.has(id)) return;
    const before = await loads(w);
    const start = new Date();
    const teamIds = [...new Set(this.teams.map((t) => pickFrom(w.teams, t)))];
    await updateUser(em(), w.admin, id, { teamIds }, { onRoutingNeeded: (a, r) => routing.queue.requestRouting(a, r) });
    await checkAll(w, before, start, this.toString());
  }
  toString = () => `teams(${this.agent}, [${this.teams.join(',')}])`;
}

/** Resolve, assign (with or without override), transfer to an agent or a team, unassign, reopen. */
class Manual implements Cmd {
  constructor(
    readonly action: 'resolve' | 'assign' | 'override' | 'transfer_agent' | 'transfer_team' | 'unassign' | 'reopen',
    readonly conv: number,
    readonly target: number,
  ) {}
  check = () => true;
  async run(_m: { n: number }, w: World) {
    const convs = await sql<{ id: string }>(
      `select id from conversations where account_id = ? order by created_at, id`,
      [w.accountId],
    );
    if (!convs.length) return;
    const before = await loads(w);
    const start = new Date();
    const c = pickFrom(convs, this.conv).id;
    const agent = pickFrom(w.agents, this.target);
    const team = pickFrom(w.teams, this.target);
    const a = routing.actions;
    const attempt = async () => {
      switch (this.action) {
        case 'resolve':
          return a.resolve(w.actor, c);
        case 'assign':
          return a.assign(w.actor, c, agent);
        case 'override': {
          const r = await a.assign(w.actor, c, agent, { capacityOverride: true });
          w.overrideUsed.add(agent);
          return r;
        }
        case 'transfer_agent':
          return a.transfer(w.actor, c, { toUserId: agent });
        case 'transfer_team':
          return a.transfer(w.actor, c, { toTeamId: team });
        case 'unassign':
          return a.unassign(w.actor, c);
        case 'reopen':
          return a.reopen(w.actor, c);
      }
    };
    await attempt().catch((e) => {
      // Refusals (not eligible, wrong status) are legitimate outcomes; anything else is a failure.
      if (!['not_found', 'conflict'].includes(e.code)) throw e;
    });
    await checkAll(w, before, start, this.toString());
  }
  toString = () => `${this.action}(conv=${this.conv}, target=${this.target})`;
}

class RemoveUser implements Cmd {
  constructor(readonly agent: number) {}
  check = (_m: Readonly<{ n: number }>) => true;
  async run(_m: { n: number }, w: World) {
    const id = pickFrom(w.agents, this.agent);
    if (!w.alive.has(id) || w.alive.size <= 2) return;
    const before = await loads(w);
    const start = new Date();
    await removeUser(em(), w.admin, id, { onRoutingNeeded: (a, r) => routing.queue.requestRouting(a, r) });
    await routing.presence.forget(w.accountId, id);
    w.alive.delete(id);
    await checkAll(w, before, start, this.toString());
  }
  toString = () => `remove(${this.agent})`;
}

const idx = fc.nat({ max: 7 });
const commands = [
  fc
    .tuple(fc.option(idx, { nil: null }), fc.nat({ max: 3 }), fc.option(idx, { freq: 4, nil: null }))
    .map(([t, p, o]) => new NewConversation(t, p, o)),
  fc
    .tuple(idx, fc.constantFrom('online' as const, 'offline' as const, 'paused' as const, 'unpaused' as const))
    .map(([a, s]) => new Presence(a, s)),
  fc.tuple(idx, fc.constantFrom<number | null>(0, 1, 2, 3, null)).map(([a, c]) => new Capacity(a, c)),
  fc.tuple(idx, fc.array(idx, { maxLength: 2 })).map(([a, t]) => new Teams(a, t)),
  fc
    .tuple(
      fc.constantFrom(
        'resolve' as const,
        'assign' as const,
        'override' as const,
        'transfer_agent' as const,
        'transfer_team' as const,
        'unassign' as const,
        'reopen' as const,
      ),
      fc.nat({ max: 30 }),
      idx,
    )
    .map(([k, c, t]) => new Manual(k, c, t)),
  idx.map((a) => new RemoveUser(a)),
];

async function freshWorld(): Promise<World> {
  const fx = new RoutingFixtures(em);
  const acc = await fx.account({
    fallback: Math.random() < 0.5 ? 'pool' : 'wait',
    strategy: Math.random() < 0.5 ? 'balanced' : 'round_robin',
  });
  const teams = await fx.teams(acc.id, 3);
  const [adminId, ...agents] = await fx.users(acc.id, [
    { role: 'admin', capacity: 0 },
    ...Array.from({ length: 6 }, (_, i) => ({
      role: (['service', 'sale', 'operator'] as const)[i % 3],
      capacity: 1 + (i % 3),
      teams: [teams[i % 3]],
    })),
  ]);
  await sql(`update accounts set owner_id = ? where id = ?`, [adminId, acc.id]);
  for (const a of agents.slice(0, 4)) await routing.presence.heartbeat(acc.id, a, 600_000);
  const admin: AuthContext = {
    sessionId: randomUUID(),
    userId: adminId,
    accountId: acc.id,
    role: 'admin',
    email: 'admin@x.test',
    name: 'Admin',
    isOwner: true,
    totpEnabled: false,
    enrollmentRequired: false,
  };
  return {
    accountId: acc.id,
    apiKey: acc.apiKey,
    channelPhone: acc.channelPhone,
    admin,
    actor: { userId: adminId, accountId: acc.id, role: 'admin', name: 'Admin' },
    teams,
    agents,
    alive: new Set(agents),
    overrideUsed: new Set(),
    messages: 0,
  };
}

describe('routing model (fast-check commands against the real system)', () => {
  it('I1–I5 hold after every step of random sequences', async () => {
    console.log(`routing model: seed ${SEED}, ${RUNS} runs (ROUTING_MODEL_SEED / ROUTING_MODEL_RUNS to change)`);
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: 'large' }), async (cmds) => {
        const world = await freshWorld();
        await fc.asyncModelRun(() => ({ model: { n: 0 }, real: world }), cmds);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    const [c] = await sql(
      `select count(*) filter (where kind = 'auto')::int as auto, count(*)::int as total from assignment_events`,
    );
    console.log(
      `routing model: ${steps} steps checked`,
      JSON.stringify(Object.fromEntries(seen)),
      `assignment events: ${c.total} (${c.auto} automatic)`,
    );
    expect(c.auto).toBeGreaterThan(0);
  }, 300_000);
});
