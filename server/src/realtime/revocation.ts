import type { Redis } from 'ioredis';
import type { RedisKeys } from '../infra/keys.js';

export interface UserChangedNotice {
  accountId: string;
  /** null: every user of the account (e.g. the account now requires 2FA). */
  userId: string | null;
}

/**
 * Tells every gateway node to re-check the sockets of a user at once: call it AFTER committing a removal,
 * a role or team change, a sign-out (one session or everywhere), or a 2FA change. Nodes re-resolve the
 * sessions and disconnect or re-scope; if this notice is lost, the periodic re-validation
 * (SOCKET_REVALIDATE_MS) catches up, so revocation never depends on it alone.
 */
export async function notifyUserChanged(
  ctx: { redis: Redis; keys: RedisKeys },
  accountId: string,
  userId: string,
): Promise<void> {
  await publishNotice(ctx, { accountId, userId });
}

/** The same for a whole account: turning on the 2FA requirement affects every member without 2FA. */
export async function notifyAccountChanged(ctx: { redis: Redis; keys: RedisKeys }, accountId: string): Promise<void> {
  await publishNotice(ctx, { accountId, userId: null });
}

async function publishNotice(ctx: { redis: Redis; keys: RedisKeys }, notice: UserChangedNotice): Promise<void> {
  await ctx.redis.publish(ctx.keys.userChangedChannel, JSON.stringify(notice));
}

export function parseNotice(raw: string): UserChangedNotice | null {
  try {
    const v = JSON.parse(raw) as Partial<UserChangedNotice>;
    if (typeof v.accountId !== 'string') return null;
    return { accountId: v.accountId, userId: typeof v.userId === 'string' ? v.userId : null };
  } catch {
    return null;
  }
}
