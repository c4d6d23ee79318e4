import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../infra/keys.js';
import { rateLimited } from '../core/errors.js';

export interface LimiterOptions {
  /** Names the counter family in Redis: `<prefix>:rl:<name>:<key>`. */
  name: string;
  perMinute: number;
  /** What is being limited: the client's IP, or a value taken from the request (an email). */
  key: 'ip' | ((req: Request) => string | undefined);
  /** Count only failures (4xx/5xx answers), so people who get it right are never throttled. */
  failuresOnly?: boolean;
  /** Shown in the 429 message: "Too many <what>". */
  what: string;
}

/**
 * A fixed one-minute window kept in Redis, so the limit holds however many server nodes share the
 * traffic. Answers 429 in the API's one error shape, with Retry-After and RateLimit headers.
 */
export function redisRateLimit(redis: Redis, keys: RedisKeys, opts: LimiterOptions): RequestHandler {
  const keyOf = opts.key;
  return rateLimit({
    windowMs: 60_000,
    limit: opts.perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skipSuccessfulRequests: opts.failuresOnly ?? false,
    store: new RedisStore({
      sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
      prefix: keys.rateLimit(opts.name),
    }),
    // A request without the keyed value (say, no email in the body) is left to validation, which refuses it.
    skip: keyOf === 'ip' ? undefined : (req) => !keyOf(req),
    keyGenerator: keyOf === 'ip' ? (req) => ipKeyGenerator(req.ip ?? 'unknown') : (req) => keyOf(req) ?? '',
    handler: (req, _res, next, options) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfterSeconds = resetTime
        ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000))
        : Math.ceil(options.windowMs / 1000);
      next(rateLimited(`Too many ${opts.what}: try again in ${retryAfterSeconds} s`, { retryAfterSeconds }));
    },
  });
}

/** The body's email, normalised the way the schemas normalise it, for per-person limits. */
export function bodyEmail(req: Request): string | undefined {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 320 ? email.trim().toLowerCase() : undefined;
}
