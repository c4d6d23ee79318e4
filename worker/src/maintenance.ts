import type { AppContext } from '../../server/src/context.js';

/** Deletes socket events older than the retention window: a client away longer than that reloads its inbox. */
export async function pruneEvents(ctx: AppContext): Promise<{ deleted: number }> {
  const res = await ctx.orm.em.fork().getConnection().execute(
    `delete from realtime_events where created_at < now() - make_interval(hours => ?)`,
    [ctx.config.EVENT_RETENTION_HOURS],
    'run',
  );
  return { deleted: (res as { affectedRows?: number }).affectedRows ?? 0 };
}
