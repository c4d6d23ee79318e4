import type { Redis } from 'ioredis';
import type { RedisKeys } from '../../infra/keys.js';
import { rateLimited } from '../../core/errors.js';

/*
 * Reserves one code attempt against both budgets, atomically, so N parallel guesses cannot all pass a
 * check-then-increment. The attempt counts as a failure until `succeeded` gives it back.
 * KEYS[1] failures of the user in this window     KEYS[2] failures from the client IP in this window
 * ARGV[1] budget of the user  ARGV[2] budget of the IP  ARGV[3] window length in seconds
 * Returns 0 when the attempt may proceed, else the seconds until the blocking window ends (at least 1).
 */
const RESERVE = `
local u = tonumber(redis.call('get', KEYS[1]) or '0')
local i = tonumber(redis.call('get', KEYS[2]) or '0')
if u >= tonumber(ARGV[1]) or i >= tonumber(ARGV[2]) then
  local wait = 1
  if u >= tonumber(ARGV[1]) then wait = math.max(wait, redis.call('ttl', KEYS[1])) end
  if i >= tonumber(ARGV[2]) then wait = math.max(wait, redis.call('ttl', KEYS[2])) end
  return wait
end
for _, k in ipairs(KEYS) do
  if redis.call('incr', k) == 1 then redis.call('expire', k, ARGV[3]) end
end
return 0
`;

/*
 * A right code: the user starts over, and the IP gets its reserved attempt back (only if the window still runs,
 * so a late DECR never leaves a counter without expiry).
 * KEYS[1] failures of the user   KEYS[2] failures from the client IP
 */
const SUCCEEDED = `
redis.call('del', KEYS[1])
local i = tonumber(redis.call('get', KEYS[2]) or '0')
if i > 0 then redis.call('decr', KEYS[2]) end
return 0
`;

export interface TwoFactorLimits {
  perUser: number;
  perIp: number;
  windowSeconds: number;
}

/** Per-user and per-IP budgets of wrong 2FA codes, in Redis so every server node shares them. */
export class CodeAttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly limits: TwoFactorLimits,
  ) {}

  private keysOf(userId: string, ip: string) {
    return [this.keys.twofaFailures('user', userId), this.keys.twofaFailures('ip', ip)];
  }

  /** Throws 429 while either budget is spent: even a right code is then refused, or guessing would still pay. */
  async reserve(userId: string, ip: string): Promise<void> {
    const wait = Number(
      await this.redis.eval(
        RESERVE,
        2,
        ...this.keysOf(userId, ip),
        this.limits.perUser,
        this.limits.perIp,
        this.limits.windowSeconds,
      ),
    );
    if (wait > 0) {
      throw rateLimited(`Too many wrong codes: try again in ${wait} seconds`, { retryAfterSeconds: wait });
    }
  }

  async succeeded(userId: string, ip: string): Promise<void> {
    await this.redis.eval(SUCCEEDED, 2, ...this.keysOf(userId, ip));
  }
}
