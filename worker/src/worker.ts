import { Queue, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import {
  createContext,
  createMetrics,
  createRedis,
  JOBS,
  QUEUES,
  registerRoutingMetrics,
  routingFor,
  type AppContext,
  type Config,
} from '../../server/src/worker-api.js';
import { pruneEvents } from './maintenance.js';
import { startRoutingConsumer, sweepUnassigned } from './routing.worker.js';
import { serveMetrics } from './metrics-server.js';

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
  await maintenanceQueue.upsertJobScheduler(
    JOBS.pruneEvents,
    { every: 60 * 60 * 1000 },
    { name: JOBS.pruneEvents, opts: { removeOnComplete: 100, removeOnFail: 100 } },
  );
  await maintenanceQueue.upsertJobScheduler(
    JOBS.sweep,
    { every: config.ROUTING_SWEEP_MS },
    { name: JOBS.sweep, opts: { removeOnComplete: true, removeOnFail: 100 } },
  );
  const metrics = createMetrics('worker');
  const routing = routingFor(ctx, { metrics: registerRoutingMetrics(metrics.registry) });
  const metricsServer = config.WORKER_METRICS_PORT
    ? await serveMetrics(metrics.registry, config.HOST, config.WORKER_METRICS_PORT)
    : null;
  const routingWorker = startRoutingConsumer(ctx, connection, routing);

  const maintenance = new Worker(
    QUEUES.maintenance,
    async (job: Job) => {
      if (job.name === JOBS.pruneEvents) return pruneEvents(ctx);
      if (job.name === JOBS.sweep) return sweepUnassigned(ctx, routing);
      throw new Error(`unknown maintenance job ${job.name}`);
    },
    { connection, prefix, concurrency: 1 },
  );
  maintenance.on('failed', (job, err) => log.error({ err, job: job?.name }, 'maintenance job failed'));

  const heartbeat = setInterval(
    () => void ctx.redis.set(ctx.keys.workerHeartbeat, Date.now(), 'PX', 30_000).catch(() => {}),
    5_000,
  );
  heartbeat.unref();

  return {
    ctx,
    async close() {
      clearInterval(heartbeat);
      await metricsServer?.close();
      await routingWorker.close();
      await routing.queue.close();
      await maintenance.close();
      await maintenanceQueue.close();
      connection.disconnect();
      await routing.publisher.close();
      await ctx.close();
    },
  };
}
