import type { AppContext } from '../../server/src/worker-api.js';

/**
 * Hourly clean-up of what only grows: socket events past the replay window (a client away longer reloads its
 * inbox) and routing snapshots past theirs (an old decision then shows its compact record: winner, runners-up,
 * counts per exclusion reason).
 */
export async function pruneEvents(
  ctx: Pick<AppContext, 'orm' | 'config'>,
): Promise<{ deleted: number; snapshots: number }> {
  const conn = ctx.orm.em.fork().getConnection();
  const affected = (r: unknown) => (r as { affectedRows?: number }).affectedRows ?? 0;
  const events = await conn.execute(
    `delete from realtime_events where created_at < now() - make_interval(hours => ?)`,
    [ctx.config.EVENT_RETENTION_HOURS],
    'run',
  );
  const snapshots = await conn.execute(
    `delete from routing_snapshots where created_at < now() - make_interval(days => ?)`,
    [ctx.config.ROUTING_SNAPSHOT_RETENTION_DAYS],
    'run',
  );
  return { deleted: affected(events), snapshots: affected(snapshots) };
}
