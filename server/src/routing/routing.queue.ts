import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { JOBS, QUEUES, type RedisKeys } from '../infra/keys.js';

/** Why routing was requested: logged and counted, never used for control flow. */
export const ROUTING_REASONS = [
  'new_conversation',
  'resolved',
  'capacity_raised',
  'agent_available',
  'team_member_added',
  'user_removed',
  'returned_to_unassigned',
  'sweep',
  'manual',
  'user_activated',
  'role_changed',
  'capacity_changed',
  'team_deleted',
] as const;
export type RoutingReason = (typeof ROUTING_REASONS)[number];

/** The job carries ids only: the worker reads the current state from PostgreSQL. */
export const routeAccountPayload = z.object({
  accountId: z.uuid(),
  reason: z.enum(ROUTING_REASONS),
});
export type RouteAccountPayload = z.infer<typeof routeAccountPayload>;

/**
 * The enqueue side of routing. Triggers of one account coalesce through BullMQ deduplication: at most one
 * job per account is waiting, and `keepLastIfActive` queues exactly one follow-up while a job runs, so a
 * trigger that arrives mid-run is never lost and a burst of a thousand messages makes two jobs, not a
 * thousand.
 */
export class RoutingQueue {
  readonly queue: Queue;

  constructor(connection: Redis, keys: RedisKeys) {
    this.queue = new Queue(QUEUES.routing, { connection, prefix: keys.bullPrefix });
  }

  async requestRouting(accountId: string, reason: RoutingReason): Promise<void> {
    const data: RouteAccountPayload = { accountId, reason };
    await this.queue.add(JOBS.routeAccount, data, {
      deduplication: { id: accountId, keepLastIfActive: true },
      attempts: 8,
      backoff: { type: 'exponential', delay: 100 },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
