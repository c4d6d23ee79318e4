import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueueCounts } from '@switchboard/client-sdk/contract';
import { isoSql } from '../db/conversation-summary.js';

/**
 * The account's Unassigned queue per team and per WhatsApp number, with the oldest waiting conversation of each:
 * one scan of the partial index conversations_queue_idx (status = 'unassigned', leading account_id) grouped two ways.
 */
export async function queueCounts(em: EntityManager, accountId: string): Promise<QueueCounts> {
  type Row = { by: 'team' | 'channel'; key: string | null; n: number; oldest: string };
  const rows = await em.getConnection().execute<Row[]>(
    `select case when grouping(team_id) = 0 then 'team' else 'channel' end as by,
            coalesce(team_id, channel_id)::text as key, count(*)::int as n,
            ${isoSql('min(queued_at)')} as oldest
       from conversations where account_id = ? and status = 'unassigned'
      group by grouping sets ((team_id), (channel_id))`,
    [accountId],
  );
  const counts: QueueCounts = {
    unassigned: 0,
    byTeam: {},
    byChannel: {},
    oldest: { all: null, byTeam: {}, byChannel: {} },
    at: new Date().toISOString(),
  };
  for (const r of rows) {
    if (r.by === 'channel') {
      if (r.key === null) continue;
      counts.byChannel[r.key] = r.n;
      counts.oldest.byChannel[r.key] = r.oldest;
      continue;
    }
    const team = r.key ?? 'none';
    counts.unassigned += r.n;
    counts.byTeam[team] = r.n;
    counts.oldest.byTeam[team] = r.oldest;
    if (counts.oldest.all === null || r.oldest < counts.oldest.all) counts.oldest.all = r.oldest;
  }
  return counts;
}
