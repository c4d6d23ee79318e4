import { Queue, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../../server/src/config.js';
import { createContext, type AppContext } from '../../server/src/context.js';
import { createRedis } from '../../server/src/infra/redis.js';
import { JOBS, QUEUES } from '../../server/src/infra/keys.js';
import { pruneEvents } from './maintenance.js';

export interface RunningWorker {
  ctx: AppContext;
  close(): Promise<void>;
}

/** One worker process: BullMQ consumers for every queue, plus the periodic maintenance schedule. */
export async function startWorker(config: Config, log: Logger): Promise<RunningWorker> {
  const ctx = await createContext(config, log);
  const connection = createRedis(config.REDIS_URL, { forBullmq: true, name: 'worker' });
  const prefix = ctx.keys.bullPrefix;

  const maintenanceQueue = new Queue(QUEUES.maintenance, { connection, prefix });
  await maintenanceQueue.upsertJobScheduler(JOBS.pruneEvents, { every: 60 * 60 * 1000 }, { name: JOBS.pruneEvents, opts: { removeOnComplete: 100, removeOnFail: 100 } });

  const maintenance = new Worker(
    QUEUES.maintenance,
    async (job: Job) => {
      if (job.name === JOBS.pruneEvents) return pruneEvents(ctx);
      throw new Error(`unknown maintenance job ${job.name}`);
    },
    { connection, prefix, concurrency: 1 },
  );
  maintenance.on('failed', (job, err) => log.error({ err, job: job?.name }, 'maintenance job failed'));

  const heartbeat = setInterval(() => void ctx.redis.set(ctx.keys.workerHeartbeat, Date.now(), 'PX', 30_000).catch(() => {}), 5_000);
  heartbeat.unref();

  return {
    ctx,
    async close() {
      clearInterval(heartbeat);
      await maintenance.close();
      await maintenanceQueue.close();
      connection.disconnect();
      await ctx.close();
    },
  };
}
