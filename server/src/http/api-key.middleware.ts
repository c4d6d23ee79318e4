import type { RequestHandler } from 'express';
import type { AppContext } from '../infra/context.js';
import { unauthenticated } from '../core/errors.js';
import { hashToken } from '../core/tokens.js';

const TOUCH_EVERY_MS = 60_000;
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 10_000;

export interface ApiKeyIdentity {
  accountId: string;
  keyId: string;
}

/**
 * Authenticates an integration by its account API key (`x-api-key`), stored as SHA-256. Sets
 * `res.locals.accountId` and `res.locals.apiKeyId`.
 *
 * A query per request was the largest single cost of the webhook (a round trip to PostgreSQL per message,
 * while the writes are batched), so the hash → {account, key} mapping is cached in memory. That mapping
 * never changes for a key; only revocation does, and revocation is NOT taken from this cache: the
 * webhook's write transaction re-checks `revoked_at` for the key of every message (inbound.batch.ts), so a
 * revoked key is refused at once on every node, exactly as without the cache. Callers of this middleware
 * other than the webhook must do the same check, or not use the cache (`cache: false`).
 * Unknown keys are never cached, so a key is usable the moment it is created.
 */
export function apiKeyAuth(ctx: AppContext, opts: { cache?: boolean } = {}): RequestHandler {
  const touched = new Map<string, number>();
  const cache = new Map<string, { id: ApiKeyIdentity; until: number }>();
  // One lookup per unknown hash at a time: a burst on a cold cache costs one query, not one per request.
  const pending = new Map<string, Promise<ApiKeyIdentity | undefined>>();
  const useCache = opts.cache ?? true;

  const lookup = async (hash: string): Promise<ApiKeyIdentity | undefined> => {
    const [row] = await ctx.orm.em
      .fork()
      .execute<{ id: string; account_id: string }[]>(
        `select id, account_id from api_keys where key_hash = ? and revoked_at is null`,
        [hash],
      );
    return row && { accountId: row.account_id, keyId: row.id };
  };

  const identify = (hash: string): ApiKeyIdentity | Promise<ApiKeyIdentity | undefined> => {
    const now = Date.now();
    const hit = useCache ? cache.get(hash) : undefined;
    if (hit && hit.until > now) return hit.id;
    let p = pending.get(hash);
    if (!p) {
      p = lookup(hash)
        .then((id) => {
          if (id && useCache) {
            if (cache.size >= CACHE_MAX) cache.clear();
            cache.set(hash, { id, until: Date.now() + CACHE_TTL_MS });
          } else cache.delete(hash);
          return id;
        })
        .finally(() => pending.delete(hash));
      pending.set(hash, p);
    }
    return p;
  };

  return async (req, res, next) => {
    const key = req.header('x-api-key');
    if (!key) return next(unauthenticated('Missing x-api-key header'));
    const hash = hashToken(key);
    const found = identify(hash);
    const id = found instanceof Promise ? await found : found;
    if (!id) return next(unauthenticated('Unknown or revoked API key'));
    res.locals.accountId = id.accountId;
    res.locals.apiKeyId = id.keyId;
    // The write transaction found the key revoked: the next request asks the database again.
    res.locals.forgetApiKey = () => cache.delete(hash);
    const now = Date.now();
    if ((touched.get(id.keyId) ?? 0) < now - TOUCH_EVERY_MS) {
      touched.set(id.keyId, now);
      void ctx.orm.em
        .fork()
        .execute(`update api_keys set last_used_at = now() where id = ?`, [id.keyId])
        .catch(() => {});
    }
    next();
  };
}
