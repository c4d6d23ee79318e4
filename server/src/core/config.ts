import { resolve } from 'node:path';
import { z } from 'zod';
import { parseSecretsKey } from './secrets-key.js';

/** Relative paths in the configuration are taken from the repository root, wherever the process was started. */
const REPO_ROOT = resolve(import.meta.dirname, '../../..');

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every variable the processes read. Defaults suit a laptop with local PostgreSQL and Redis. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.url().default('postgresql://postgres@127.0.0.1:5432/switchboard'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /** Prefix for every Redis key, queue and socket.io channel: lets several deployments (or test files) share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+$/i)
    .default('sb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool.optional(),
  /** 32-byte key (hex or base64) that encrypts TOTP secrets at rest. Required in production. */
  SECRETS_KEY: z.string().optional(),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().default('Switchboard <no-reply@switchboard.local>'),
  /** Where emails go when no SMTP_URL is set: one .eml file per message. */
  OUTBOX_DIR: z.string().default('.data/outbox'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 14),
  INVITE_TTL_HOURS: z.coerce.number().int().positive().default(72),
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** Unassigned counts and agents' live load are sent at most once per this interval per account and process. */
  REALTIME_COALESCE_MS: z.coerce.number().int().min(0).default(50),
  /** How often each node re-checks the sessions behind its sockets: the bound on revocation when a notice is lost. */
  SOCKET_REVALIDATE_MS: z.coerce.number().int().min(200).default(2_500),
  ROUTING_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  ROUTING_SWEEP_MS: z.coerce.number().int().min(100).default(5_000),
  /** BullMQ lock of a routing job: a crashed worker's job is picked up again after about this long. */
  ROUTING_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  /** When set, the worker serves Prometheus metrics (routing decisions, batch latency) on this port. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  EVENT_RETENTION_HOURS: z.coerce.number().int().positive().default(72),
  /** How long the per-batch routing snapshots (full explanations) are kept; older decisions keep their compact record. */
  ROUTING_SNAPSHOT_RETENTION_DAYS: z.coerce.number().int().positive().default(30),
  /** Failed sign-ins per minute for one email (guessing one person's password). */
  RATE_LIMIT_SIGNIN_PER_MIN: z.coerce.number().int().positive().default(10),
  /** Wrong 2FA codes (TOTP or recovery) a user may send per window before every attempt answers 429. */
  TWOFA_MAX_FAILURES_PER_USER: z.coerce.number().int().positive().default(5),
  /** The same from one IP address, across users (credential-stuffing a list of accounts). */
  TWOFA_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(20),
  TWOFA_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** Sign-in attempts per minute from one IP, successful or not (an office behind one NAT shares it). */
  RATE_LIMIT_SIGNIN_IP_PER_MIN: z.coerce.number().int().positive().default(60),
  /** Invitation look-ups and activations per minute from one IP. */
  RATE_LIMIT_ACTIVATION_PER_MIN: z.coerce.number().int().positive().default(20),
  SEED_DEMO: bool.default(true),
  /** The built web console the server serves at `/` (`vite build` in console/ writes console/dist). */
  CONSOLE_DIR: z.string().min(1).default('console/dist'),
});

export type Config = z.infer<typeof schema> & { publicUrl: string; consoleDir: string };

export class ConfigError extends Error {}

/** Parses the environment once; lists every bad or missing variable in one message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  - ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.SECRETS_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  - SECRETS_KEY: required when NODE_ENV=production (32 random bytes, hex or base64: `openssl rand -hex 32`)',
    );
  }
  if (c.SECRETS_KEY) {
    try {
      parseSecretsKey(c.SECRETS_KEY);
    } catch (e) {
      throw new ConfigError(`Invalid configuration:\n  - SECRETS_KEY: ${(e as Error).message}`);
    }
  }
  return {
    ...c,
    publicUrl: c.PUBLIC_URL ?? `http://${c.HOST === '0.0.0.0' ? '127.0.0.1' : c.HOST}:${c.PORT}`,
    consoleDir: resolve(REPO_ROOT, c.CONSOLE_DIR),
  };
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
