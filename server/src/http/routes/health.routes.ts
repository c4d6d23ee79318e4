import { liveness } from '@switchboard/client-sdk/contract';
import type { AppContext } from '../../infra/context.js';
import type { Metrics } from '../../infra/metrics.js';
import { route } from '../route.js';

/** Readiness: PostgreSQL and Redis answer, and no migration is pending. */
export async function readiness(ctx: AppContext) {
  const checks: Record<string, { ok: boolean; error?: string }> = {};
  try {
    await ctx.orm.em.getConnection().execute('select 1');
    const pending = await ctx.orm.getMigrator().getPendingMigrations();
    checks.postgres = { ok: true };
    checks.migrations = pending.length ? { ok: false, error: `${pending.length} pending` } : { ok: true };
  } catch (e) {
    checks.postgres = { ok: false, error: (e as Error).message };
  }
  try {
    await ctx.redis.ping();
    checks.redis = { ok: true };
  } catch (e) {
    checks.redis = { ok: false, error: (e as Error).message };
  }
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}

export function healthRoutes(ctx: AppContext, metrics: Metrics) {
  return [
    route({
      method: 'get',
      path: '/healthz',
      tag: 'health',
      summary: 'The process is up',
      security: 'none',
      response: liveness,
      handler: () => ({ status: 'ok' as const }),
    }),
    route({
      method: 'get',
      path: '/readyz',
      tag: 'health',
      summary: 'PostgreSQL and Redis reachable, migrations applied',
      security: 'none',
      handler: async ({ res }) => {
        const r = await readiness(ctx);
        res.status(r.ready ? 200 : 503).json(r);
      },
    }),
    route({
      method: 'get',
      path: '/metrics',
      tag: 'health',
      summary: 'Prometheus metrics',
      security: 'none',
      handler: async ({ res }) => {
        res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      },
    }),
  ];
}
