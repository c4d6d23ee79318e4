import pg from 'pg';
import { Redis } from 'ioredis';

export interface ServiceProblem {
  service: 'PostgreSQL' | 'Redis';
  address: string;
  error: string;
}

const redactUrl = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');

/**
 * Probes PostgreSQL and Redis before anything else starts, so a missing service is reported by name
 * and address instead of as a stack trace from deep inside a driver.
 */
export async function checkServices(databaseUrl: string, redisUrl: string): Promise<ServiceProblem[]> {
  const problems: ServiceProblem[] = [];
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (e) {
    problems.push({ service: 'PostgreSQL', address: redactUrl(databaseUrl), error: (e as Error).message || String(e) });
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    problems.push({ service: 'Redis', address: redactUrl(redisUrl), error: (e as Error).message || String(e) });
  } finally {
    redis.disconnect();
  }
  return problems;
}

export function explainProblems(problems: ServiceProblem[]): string {
  const lines = problems.map((p) => `  ✗ ${p.service} is not reachable at ${p.address} (${p.error})`);
  return [
    'Switchboard needs PostgreSQL and Redis.',
    ...lines,
    '',
    'Start them with one of:',
    '  docker compose up -d postgres redis',
    '  sudo apt-get install -y postgresql redis-server && sudo service postgresql start && sudo service redis-server start',
    'or point DATABASE_URL / REDIS_URL at running servers.',
  ].join('\n');
}

/** Creates the database named in the URL when it does not exist yet (a fresh laptop has only `postgres`). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === '42P04') return false; // created meanwhile by another process
    throw e;
  } finally {
    await client.end();
  }
}
