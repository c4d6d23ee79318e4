import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { withScratchDatabase } from './database.js';

/**
 * The ceilings our routing pipeline sits under, measured on the same Redis and PostgreSQL in the same run,
 * so the bench reports our throughput as a fraction of what the infrastructure alone can do right now.
 */

export interface BullmqNoopOptions {
  redisUrl: string;
  /** Jobs per measurement; bounded so the measurement stays a couple of seconds. */
  jobs?: number;
  concurrency?: number;
  timeoutMs?: number;
}

/**
 * Jobs per second that a worker doing nothing drains from a pre-filled queue: the per-job cost of BullMQ
 * itself (fetch, lock, complete, remove). Own queue name and prefix, removed afterwards.
 */
export async function measureBullmqNoop(opts: BullmqNoopOptions): Promise<number> {
  const jobs = opts.jobs ?? 20_000;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const prefix = `sbbench_${randomBytes(4).toString('hex')}`;
  const name = 'noop';
  const connection = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection, prefix });
  let worker: Worker | undefined;
  try {
    for (let i = 0; i < jobs; i += 1000) {
      const n = Math.min(1000, jobs - i);
      await queue.addBulk(
        Array.from({ length: n }, (_, k) => ({
          name: 'noop',
          data: { i: i + k },
          opts: { removeOnComplete: true, removeOnFail: true },
        })),
      );
    }
    let done = 0;
    let started = 0;
    const finished = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no-op BullMQ worker drained ${done}/${jobs} jobs in ${timeoutMs} ms`)),
        timeoutMs,
      );
      worker = new Worker(name, () => Promise.resolve(undefined), {
        connection: new Redis(opts.redisUrl, { maxRetriesPerRequest: null }),
        prefix,
        concurrency: opts.concurrency ?? 50,
        autorun: false,
      });
      worker.on('completed', () => {
        if (++done === jobs) {
          clearTimeout(timer);
          resolve(performance.now());
        }
      });
      started = performance.now();
      void worker.run();
    });
    const end = await finished;
    return jobs / ((end - started) / 1000);
  } finally {
    if (worker) {
      const c = worker.opts.connection as Redis;
      await worker.close(true).catch(() => {});
      c.disconnect();
    }
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    connection.disconnect();
  }
}

export interface PgInsertOptions {
  databaseUrl: string;
  /** Transactions per measurement, split over `connections`. */
  transactions?: number;
  connections?: number;
  timeoutMs?: number;
}

/**
 * Committed single-row INSERT transactions per second over a few connections, each its own BEGIN … COMMIT
 * (one round trip), on a scratch database: the fsync-bound cost that a transaction per claim would pay.
 */
export async function measurePgInsertCommit(opts: PgInsertOptions): Promise<number> {
  const total = opts.transactions ?? 8_000;
  const connections = opts.connections ?? 4;
  const deadline = performance.now() + (opts.timeoutMs ?? 20_000);
  return withScratchDatabase(opts.databaseUrl, 'limits', async (url) => {
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    await setup.query(
      `create table claim_probe (id bigserial primary key, account_id uuid not null, conversation_id uuid not null, created_at timestamptz not null default now())`,
    );
    await setup.end();
    const clients = await Promise.all(
      Array.from({ length: connections }, async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    try {
      let committed = 0;
      const started = performance.now();
      await Promise.all(
        clients.map(async (c, k) => {
          const share = Math.floor(total / connections) + (k < total % connections ? 1 : 0);
          for (let i = 0; i < share && performance.now() < deadline; i++) {
            // Literal SQL, so BEGIN, INSERT and COMMIT travel together as one simple-protocol round trip.
            await c.query(
              `begin; insert into claim_probe (account_id, conversation_id) values (gen_random_uuid(), gen_random_uuid()); commit`,
            );
            committed++;
          }
        }),
      );
      return committed / ((performance.now() - started) / 1000);
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
    }
  });
}
