import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient, AgentCapacityUpdate } from '@switchboard/client-sdk';
import { createStack, type TestStack } from '../support/stack.js';
import {
  assigned,
  demoEmail,
  eventProducer,
  freePort,
  recordingAgent,
  seedPeople,
  sleep,
  spawnServer,
  tcpProxy,
  waitFor,
  type Person,
} from '../support/realtime.js';

/**
 * Two real server processes (A and B), and the test process acting as two workers that commit events and
 * emit them through Redis. Agents reach the nodes either directly or through a TCP proxy standing in for a
 * load balancer, so "reconnect to the other node" happens the way it does in production.
 */
const GRACE_MS = 1_000;
let stack: TestStack;
let accountId: string;
let person: (local: string) => Person;
let nodeA: Awaited<ReturnType<typeof spawnServer>>;
let nodeB: Awaited<ReturnType<typeof spawnServer>>;
let proxy: Awaited<ReturnType<typeof tcpProxy>>;
let workers: Array<ReturnType<typeof eventProducer>>;
const clients: AgentClient[] = [];

beforeAll(async () => {
  stack = await createStack({ servers: 0 });
  const seeded = await seedPeople(stack);
  accountId = seeded.accountId;
  person = (local) => seeded.byEmail(demoEmail(local));
  const env = { ...stack.env, PRESENCE_GRACE_MS: String(GRACE_MS), LOG_LEVEL: 'error' };
  [nodeA, nodeB] = await Promise.all([spawnServer(env, await freePort()), spawnServer(env, await freePort())]);
  proxy = await tcpProxy(nodeA.port);
  workers = [eventProducer(stack), eventProducer(stack)];
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all((workers ?? []).map((w) => w.close()));
  await proxy?.close();
  await Promise.all([nodeA?.kill(), nodeB?.kill()]);
  await stack?.close();
});

async function agent(local: string, url: string, opts: Parameters<typeof recordingAgent>[2] = {}) {
  const a = await recordingAgent(url, person(local).token, opts);
  clients.push(a.client);
  return a;
}

/** Keeps committing assignments for `who`, alternating workers, until stopped; returns their ids in commit order. */
function steadyLoad(who: string[], everyMs: number) {
  const ids: string[] = [];
  let stop = false;
  const loop = (async () => {
    for (let i = 0; !stop; i++) {
      const { logged } = await workers[i % 2].commit(who.map((u) => assigned(accountId, person(u).userId)));
      ids.push(...logged.map((e) => e.id));
      await sleep(everyMs);
    }
  })();
  return { ids, stop: async () => ((stop = true), await loop) };
}

describe('two server nodes', () => {
  it('agents on node A receive events from the workers and from node B', async () => {
    const onA = await agent('service1', nodeA.url);
    const adminOnA = await agent('admin', nodeA.url);
    const ownerOnB = await agent('owner', nodeB.url);
    const capacity: AgentCapacityUpdate[] = [];
    adminOnA.client.on('agent.capacity', (u) => void capacity.push(u));

    const a = await workers[0].commit([assigned(accountId, person('service1').userId)]);
    const b = await workers[1].commit([assigned(accountId, person('service1').userId)]);
    await waitFor(() => onA.received.length === 2, 'events from both workers');
    expect(onA.ids()).toEqual([a.logged[0].id, b.logged[0].id]);

    // Node B emits (capacity changed by an admin connected to B) and node A's admin sees it.
    await ownerOnB.client.setCapacity(person('service1').userId, 6);
    await waitFor(
      () => capacity.find((u) => u.userId === person('service1').userId && u.capacity === 6),
      'agent.capacity from node B',
    );

    // Something delivered twice (a retried emit) reaches the app once.
    const c = await workers[0].commit([assigned(accountId, person('service1').userId)]);
    workers[1].publisher.publish(c.logged);
    await waitFor(() => onA.received.length === 3, 'third event');
    await sleep(200);
    expect(onA.ids()).toEqual([a.logged[0].id, b.logged[0].id, c.logged[0].id]);
  });

  it('an agent away for 10 s comes back through node B to every missed event, once, in order', async () => {
    proxy.setTarget(nodeA.port);
    const a = await agent('sale1', proxy.url);
    const load = steadyLoad(['sale1', 'sale2'], 50);
    await sleep(500);
    a.client.socket.disconnect();
    const awayFrom = load.ids.length;
    await sleep(10_000);
    proxy.setTarget(nodeB.port);
    a.client.socket.connect();
    await sleep(500);
    await load.stop();
    const mine = new Set<string>();
    // The workers commit [sale1, sale2] pairs: sale1's events are the even positions.
    load.ids.forEach((id, i) => i % 2 === 0 && mine.add(id));
    await waitFor(() => a.received.length === mine.size, `all ${mine.size} events (has ${a.received.length})`, 10_000);
    await sleep(200);
    expect(a.ids()).toEqual([...mine]);
    expect(load.ids.length - awayFrom).toBeGreaterThan(100);
    console.log(
      `[realtime] 10 s away, back through node B: ${a.received.length} events, none missing, none twice, in order`,
    );
  }, 30_000);

  it('killing node A: its agents reconnect to B and miss nothing; an agent that stays away loses presence after the grace period', async () => {
    proxy.setTarget(nodeA.port);
    const a = await agent('service2', proxy.url);
    const m = await agent('manager', proxy.url);
    // Connected straight to A and never reconnecting: the agent whose node died.
    const lost = await agent('operator', nodeA.url, { socket: { reconnection: false } });
    const presenceKey = `${stack.config.REDIS_PREFIX}:presence:${accountId}`;
    expect(Number(await stack.redis.zscore(presenceKey, person('operator').userId))).toBeGreaterThan(Date.now());

    const load = steadyLoad(['service2', 'manager'], 20);
    await sleep(500);
    proxy.setTarget(nodeB.port);
    const killedAt = Date.now();
    await nodeA.kill();
    proxy.dropAll();
    await sleep(1_500);
    await load.stop();
    // Service and Inbox Manager both see every conversation of the account: each must get all of them.
    const expected = (_u: number) => load.ids;
    await waitFor(
      () => a.received.length === expected(0).length && m.received.length === expected(1).length,
      () =>
        `everything after the kill (service2 ${a.received.length}/${expected(0).length} connected=${a.client.connected}, manager ${m.received.length}/${expected(1).length} connected=${m.client.connected})`,
      10_000,
    );
    await sleep(200);
    expect(a.ids()).toEqual(expected(0));
    expect(m.ids()).toEqual(expected(1));
    expect(lost.client.socket.connected).toBe(false);

    // Presence of the stranded agent ran out within the grace period of the crash (no disconnect ever ran).
    const until = Number(await stack.redis.zscore(presenceKey, person('operator').userId));
    expect(until).toBeLessThanOrEqual(killedAt + GRACE_MS + 100);
    expect(until).toBeLessThan(Date.now());
    // The agents that reconnected to B are still present.
    expect(Number(await stack.redis.zscore(presenceKey, person('service2').userId))).toBeGreaterThan(Date.now());
    console.log(
      `[realtime] node A killed: ${a.received.length + m.received.length} events to 2 agents across the failover, none missing`,
    );
  }, 30_000);
});
