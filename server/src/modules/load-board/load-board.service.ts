import type { EntityManager } from '@mikro-orm/postgresql';
import type { LoadBoard, LoadBoardAgent } from '@switchboard/client-sdk/contract';
import { canChangeCapacity } from '../../core/permissions.js';
import type { Role } from '../../core/roles.js';
import { queueCounts } from '../../realtime/queue-counts.js';
import type { PresenceStore } from '../../routing/presence.js';
import type { AuthContext } from '../auth/auth.context.js';

type AgentRow = Omit<LoadBoardAgent, 'presence' | 'presenceSince' | 'role'> & { role: Role };

/**
 * The load board's first paint (docs/model.md, roles: Admins, Inbox Managers read-only). Everything after it
 * arrives over the socket, so this is read once per page load, not per update: one query per part, and presence
 * from Redis in one round trip, whatever the number of agents.
 */
export async function readLoadBoard(
  em: EntityManager,
  presence: Pick<PresenceStore, 'snapshot' | 'statusesSince'>,
  auth: Pick<AuthContext, 'accountId' | 'role'>,
): Promise<LoadBoard> {
  const conn = em.getConnection();
  const { accountId } = auth;
  const [agents, teams, channels, queue, recent, now, since] = await Promise.all([
    conn.execute<AgentRow[]>(
      `select u.id, coalesce(nullif(u.name, ''), u.email) as name, u.role, u.capacity, coalesce(l.ongoing, 0) as ongoing,
              coalesce((select array_agg(tm.team_id) from team_members tm where tm.user_id = u.id), '{}') as "teamIds"
         from users u left join agent_loads l on l.user_id = u.id
        where u.account_id = ? and u.status = 'active'
        order by lower(coalesce(nullif(u.name, ''), u.email)), u.id`,
      [accountId],
    ),
    conn.execute<LoadBoard['teams']>(`select id, name from teams where account_id = ? order by lower(name), id`, [
      accountId,
    ]),
    conn.execute<LoadBoard['channels']>(
      `select id, name, phone_number as "phoneNumber" from channels where account_id = ? order by lower(name), id`,
      [accountId],
    ),
    queueCounts(em, accountId),
    // realtime_events_created_idx keeps this to the last minute's rows; the log has one row per assignment.
    conn.execute<Array<{ s: string; n: number }>>(
      `select floor(extract(epoch from created_at))::bigint::text as s, count(*)::int as n
         from realtime_events
        where created_at > now() - interval '60 seconds' and account_id = ? and type = 'conversation.assigned'
        group by 1 order by 1`,
      [accountId],
    ),
    presence.snapshot(accountId),
    presence.statusesSince(accountId),
  ]);
  return {
    agents: agents.map((a) => {
      const status = !now.connected.has(a.id) ? 'offline' : now.paused.has(a.id) ? 'paused' : 'available';
      const noted = since.get(a.id);
      return {
        ...a,
        presence: status,
        presenceSince: noted?.status === status ? new Date(noted.since).toISOString() : null,
      };
    }),
    teams,
    channels,
    queue,
    recentAssignments: recent.map((r) => [Number(r.s), r.n]),
    canEditCapacity: canChangeCapacity(auth.role),
    at: new Date().toISOString(),
  };
}
