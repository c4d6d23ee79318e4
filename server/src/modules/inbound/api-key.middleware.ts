import type { RequestHandler } from 'express';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { hashToken } from '../auth/tokens.js';

const TOUCH_EVERY_MS = 60_000;

/**
 * Authenticates an integration by its account API key (`x-api-key`), stored as SHA-256. Sets
 * `res.locals.accountId`. `last_used_at` is refreshed at most once a minute per process so the webhook's
 * hot path does not write a row per message.
 */
export function apiKeyAuth(ctx: AppContext): RequestHandler {
  const touched = new Map<string, number>();
  return async (req, res, next) => {
    const key = req.header('x-api-key');
    if (!key) return next(new AppError(401, 'unauthenticated', 'Missing x-api-key header'));
    const [row] = await ctx.orm.em.fork().execute<{ id: string; account_id: string }[]>(
      `select id, account_id from api_keys where key_hash = ? and revoked_at is null`,
      [hashToken(key)],
    );
    if (!row) return next(new AppError(401, 'unauthenticated', 'Unknown or revoked API key'));
    res.locals.accountId = row.account_id;
    const now = Date.now();
    if ((touched.get(row.id) ?? 0) < now - TOUCH_EVERY_MS) {
      touched.set(row.id, now);
      void ctx.orm.em.fork().execute(`update api_keys set last_used_at = now() where id = ?`, [row.id]).catch(() => {});
    }
    next();
  };
}
