import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOBS, QUEUES, redisKeys } from '../../server/src/infra/keys.js';

/**
 * The two places where the bench reaches past the public API into the engine's own contract (keys.ts), so
 * it can store conversations in bulk and time the routing alone. If the routing engine changes either
 * contract, this file is the one to follow.
 */
export class EngineContract {
  private readonly queue: Queue;
  readonly keys: ReturnType<typeof redisKeys>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    bullConnection: Redis,
  ) {
    this.keys = redisKeys(prefix);
    this.queue = new Queue(QUEUES.routing, { connection: bullConnection, prefix: this.keys.bullPrefix });
  }

  /** What the inbound path does after storing a conversation: ask the worker to route the account. */
  async triggerRouting(accountId: string): Promise<void> {
    // Same options as the engine's own RoutingQueue: coalesced per account, ids only in the payload.
    await this.queue.add(
      JOBS.routeAccount,
      { accountId, reason: 'manual' },
      {
        deduplication: { id: accountId, keepLastIfActive: true },
        removeOnComplete: true,
        removeOnFail: 100,
      },
    );
  }

  /**
   * Marks agents as connected in the presence store without a socket each: the scale figures need 10,000
   * candidates, and 10,000 sockets would measure the bench's own process rather than the routing decision.
   */
  async markPresent(accountId: string, userIds: string[], forMs = 3_600_000): Promise<void> {
    const until = Date.now() + forMs;
    for (let i = 0; i < userIds.length; i += 2000) {
      const args = userIds.slice(i, i + 2000).flatMap((id) => [until, id]);
      await this.redis.zadd(this.keys.presence(accountId), ...(args as [number, string]));
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
