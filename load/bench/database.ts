import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Refuses anything but a loopback address: the bench and the harness must never load someone else's machine. */
export function assertLoopback(url: string, what: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`${what} must point at this machine (127.0.0.1, localhost or ::1), got ${host}`);
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(baseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(baseUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database named `sb_bench_<what>_<random>`, so a bench never touches data it did not create. */
export async function createScratchDatabase(baseUrl: string, what: string): Promise<ScratchDatabase> {
  assertLoopback(baseUrl, 'The bench database');
  const name = `sb_bench_${what}_${randomBytes(4).toString('hex')}`;
  await admin(baseUrl, (c) => c.query(`create database "${name}"`));
  return {
    name,
    url: withDatabase(baseUrl, name),
    drop: () => admin(baseUrl, async (c) => void (await c.query(`drop database if exists "${name}" with (force)`))),
  };
}

export async function withScratchDatabase<T>(
  baseUrl: string,
  what: string,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const db = await createScratchDatabase(baseUrl, what);
  try {
    return await fn(db.url);
  } finally {
    await db.drop();
  }
}
