import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOBS, QUEUES, routeAccountPayload, type AppContext, type Routing } from '../../server/src/worker-api.js';

/**
 * Consumes routing jobs. Deduplication guarantees one active job per account across every worker process,
 * and the account lock makes a second one harmless anyway. Failures are classified: a payload that does
 * not parse can never succeed (UnrecoverableError, no retry); anything else (database, Redis, a claim
 * conflict) is transient and retried with exponential backoff, and the sweep catches what still slips.
 */
export function startRoutingConsumer(ctx: AppContext, connection: Redis, routing: Routing): Worker {
  const worker = new Worker(
    QUEUES.routing,
    async (job: Job) => {
      if (job.name !== JOBS.routeAccount) throw new UnrecoverableError(`unknown routing job ${job.name}`);
      const parsed = routeAccountPayload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid routing payload: ${parsed.error.message}`);
      const assigned = await routing.router.routeAccount(parsed.data.accountId);
      return { assigned };
    },
    {
      connection,
      prefix: ctx.keys.bullPrefix,
      concurrency: ctx.config.WORKER_CONCURRENCY,
      lockDuration: ctx.config.ROUTING_LOCK_MS,
      stalledInterval: ctx.config.ROUTING_LOCK_MS,
      removeOnComplete: { count: 0 },
    },
  );
  worker.on('failed', (job, err) =>
    ctx.log.warn({ err, job: job?.id, data: job?.data, attempts: job?.attemptsMade }, 'routing job failed'),
  );
  worker.on('error', (err) => ctx.log.error({ err }, 'routing worker error'));
  return worker;
}

/** The safety net: re-triggers every account that still has Unassigned conversations. */
export async function sweepUnassigned(ctx: AppContext, routing: Routing): Promise<{ accounts: number }> {
  const rows = await ctx.orm.em
    .fork()
    .execute<{ account_id: string }[]>(`select distinct account_id from conversations where status = 'unassigned'`);
  for (const r of rows) await routing.queue.requestRouting(r.account_id, 'sweep');
  return { accounts: rows.length };
}
