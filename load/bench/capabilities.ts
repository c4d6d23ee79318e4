import { API } from '../shared/scenarios.js';
import { callJson } from '../harness/http.js';
import { AgentSockets, waitFor } from './agents.js';
import { insertQueuedConversations, seedAccount } from './seed.js';
import type { BenchStack } from './stack.js';

/** Which parts of the engine this checkout has; a section whose needs are missing prints n/a instead of failing. */
export interface Capabilities {
  inbound: boolean;
  gateway: boolean;
  routing: boolean;
  capacityApi: boolean;
  resolveApi: boolean;
  socketResolve: boolean;
}

export type Need = keyof Capabilities;

export const NEED_TEXT: Record<Need, string> = {
  inbound: 'the inbound API (POST /v1/inbound/messages)',
  gateway: 'the socket gateway',
  routing: 'the routing worker',
  capacityApi: 'PUT /users/:id/capacity',
  resolveApi: 'POST /conversations/:id/resolve',
  socketResolve: 'resolve over the socket (conversation.resolve)',
};

export async function probe(stack: BenchStack): Promise<Capabilities> {
  const account = await seedAccount(stack.pool, { agents: 1, capacity: 5 });
  const agent = account.agents[0];
  const admin = account.admins[0];
  const inbound = (await callJson(stack.url, 'POST', API.inbound, { body: {} })).status !== 404;
  const capacityApi =
    (await callJson(stack.url, 'PUT', API.capacity(agent.id), { token: admin.token, body: { capacity: 5 } })).status !==
    404;
  const sockets = new AgentSockets();
  const gateway = await sockets.connect(stack.url, [agent]).then(
    () => true,
    () => false,
  );
  if (!gateway) await stack.contract.markPresent(account.accountId, [agent.id]);
  const [conversationId] = await insertQueuedConversations(stack.pool, account, 1);
  await stack.contract.triggerRouting(account.accountId);
  const routing = await waitFor(
    async () => {
      const { rows } = await stack.pool.query(`select status from conversations where id = $1`, [conversationId]);
      return rows[0]?.status === 'assigned';
    },
    5000,
    50,
  );
  let socketResolve = false;
  if (gateway && routing)
    socketResolve = await sockets.byUser
      .get(agent.id)!
      .resolve(conversationId)
      .then(
        () => true,
        () => false,
      );
  const resolveApi =
    (await callJson(stack.url, 'POST', API.resolve(conversationId), { token: agent.token })).status !== 404;
  sockets.close();
  return { inbound, gateway, routing, capacityApi, resolveApi, socketResolve };
}
