import { randomBytes } from 'node:crypto';
import type { WriteStream } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';
import { initOrm, migrate } from '../../server/src/db/orm.js';
import { deleteKeysMatching } from '../../server/src/infra/redis.js';
import { createScratchDatabase, type ScratchDatabase } from './database.js';
import { EngineContract } from './contract.js';
import { freePort, startProcess, type AppProcess } from './processes.js';

/**
 * What the bench runs against: a fresh, migrated database, a unique Redis prefix, and real server and
 * worker processes started the way operators start them (`node --import tsx …/main.ts`).
 */
export class BenchStack {
  readonly workers: AppProcess[] = [];
  server!: AppProcess;
  url!: string;
  pool!: pg.Pool;
  redis!: Redis;
  private bullConnection!: Redis;
  contract!: EngineContract;
  private db!: ScratchDatabase;
  readonly prefix = `sbbench_${randomBytes(4).toString('hex')}`;
  private env: Record<string, string> = {};

  constructor(
    private readonly baseDatabaseUrl: string,
    private readonly redisUrl: string,
    private readonly log: WriteStream,
    /** When set, every process writes a V8 CPU profile there on exit (`--cpu-prof`). */
    private readonly profileDir?: string,
  ) {}

  get databaseUrl(): string {
    return this.db.url;
  }

  async start(opts: { workers: number; extraEnv?: Record<string, string>; logSlowMs?: number }): Promise<void> {
    this.db = await createScratchDatabase(this.baseDatabaseUrl, 'app');
    if (opts.logSlowMs !== undefined) {
      // Only this scratch database: PostgreSQL's own log then names every statement slower than this.
      const admin = new pg.Client({ connectionString: this.db.url });
      await admin.connect();
      await admin.query(
        `alter database "${this.db.name}" set log_min_duration_statement = ${Math.floor(opts.logSlowMs)}`,
      );
      await admin.end();
    }
    const orm = await initOrm(this.db.url);
    try {
      await migrate(orm);
    } finally {
      await orm.close(true);
    }
    this.pool = new pg.Pool({ connectionString: this.db.url, max: 4 });
    this.redis = new Redis(this.redisUrl, { maxRetriesPerRequest: 2 });
    this.bullConnection = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    this.contract = new EngineContract(this.redis, this.prefix, this.bullConnection);
    const port = await freePort();
    this.env = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: this.db.url,
      REDIS_URL: this.redisUrl,
      REDIS_PREFIX: this.prefix,
      SECRETS_KEY: randomBytes(32).toString('hex'),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
      OUTBOX_DIR: '.data/bench-outbox',
      // The bench signs in few users but from one address; the limiter must not be what it measures.
      RATE_LIMIT_SIGNIN_PER_MIN: '100000',
      RATE_LIMIT_SIGNIN_IP_PER_MIN: '100000',
      ...opts.extraEnv,
    };
    this.url = `http://127.0.0.1:${port}`;
    this.server = await startProcess({
      name: 'server',
      entry: 'server/src/main.ts',
      env: this.env,
      log: this.log,
      readyWhen: /listening on/,
      nodeArgs: this.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${this.profileDir}`] : [],
    });
    for (let i = 0; i < opts.workers; i++) await this.addWorker();
  }

  async addWorker(): Promise<AppProcess> {
    const w = await startProcess({
      name: `worker${this.workers.length + 1}`,
      entry: 'worker/src/main.ts',
      env: this.env,
      log: this.log,
      readyWhen: /worker started/,
      nodeArgs: this.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${this.profileDir}`] : [],
    });
    this.workers.push(w);
    return w;
  }

  /** Stops every worker (SIGTERM, then SIGKILL after 12 s) and starts as many fresh ones. */
  async restartWorkers(): Promise<void> {
    const count = this.workers.length;
    // A profiled worker needs a clean exit to write its profile; otherwise do not wait for a long batch.
    await Promise.all(this.workers.map((w) => w.stop(this.profileDir ? 15_000 : 2000)));
    this.workers.length = 0;
    for (let i = 0; i < count; i++) await this.addWorker();
  }

  async removeWorker(): Promise<void> {
    const w = this.workers.pop();
    await w?.stop();
  }

  async close(keepDatabase = false): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.server?.stop();
    await this.contract?.close().catch(() => {});
    await this.pool?.end().catch(() => {});
    if (this.redis) {
      await deleteKeysMatching(this.redis, `${this.prefix}:*`).catch(() => {});
      this.redis.disconnect();
    }
    this.bullConnection?.disconnect();
    if (!keepDatabase) await this.db?.drop().catch(() => {});
  }
}
