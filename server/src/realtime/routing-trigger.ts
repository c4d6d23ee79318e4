import { Queue } from 'bullmq';
import type { AppContext } from '../context.js';
import { createRedis } from '../infra/redis.js';
import { JOBS, QUEUES } from '../infra/keys.js';

/** Why the gateway asks routing to run: capacity may have freed (DESIGN §4). */
export type GatewayRoutingReason = 'agent_available' | 'capacity_changed';

export type RequestRouting = (accountId: string, reason: GatewayRoutingReason) => Promise<void>;

/**
 * The gateway's ONE call into routing.
 * LEAD: when server/src/routing/routing.queue.ts lands, replace the body with its
 * `requestRouting(accountId, reason)`; until then this enqueues the job routing's worker is meant to consume.
 */
export function gatewayRoutingTrigger(ctx: AppContext): { requestRouting: RequestRouting; close(): Promise<void> } {
  let queue: Queue | undefined;
  let redis: ReturnType<typeof createRedis> | undefined;
  return {
    async requestRouting(accountId, reason) {
      if (!queue) {
        redis = createRedis(ctx.config.REDIS_URL, { forBullmq: true, name: 'gateway-routing' });
        queue = new Queue(QUEUES.routing, { connection: redis, prefix: ctx.keys.bullPrefix });
      }
      await queue.add(JOBS.routeAccount, { accountId, reason }, { removeOnComplete: true, removeOnFail: 100 });
    },
    async close() {
      await queue?.close();
      redis?.disconnect();
    },
  };
}
