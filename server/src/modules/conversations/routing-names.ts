import type { EntityManager } from '@mikro-orm/postgresql';
import type { RoutingHistory } from '@switchboard/client-sdk/contract';
import { pgArray } from '../../db/sql.js';
import { seesAllConversations } from '../../core/permissions.js';
import type { AuthContext } from '../auth/auth.context.js';

/** The parts of any explanation (full, compact, manual: contract/schemas/explanations.ts) that name someone. */
interface Mentions {
  teamId?: string | null;
  owner?: { ownerId: string } | null;
  ranked?: Array<{ agentId: string }>;
  excluded?: Record<string, string[] | number | undefined>;
  chosen?: [string, ...unknown[]];
  runnersUp?: Array<[string, ...unknown[]]>;
  record?: Mentions;
}
type Explanation = Mentions | null | undefined;
type HistoryEvent = Pick<RoutingHistory['events'][number], 'fromUserId' | 'toUserId' | 'actorUserId' | 'toTeamId'> & {
  explanation: unknown;
};

function mentionedBy(e: Explanation, users: Set<string>, teams: Set<string>): void {
  if (!e || typeof e !== 'object') return;
  if (e.teamId) teams.add(e.teamId);
  if (e.owner) users.add(e.owner.ownerId);
  for (const r of e.ranked ?? []) users.add(r.agentId);
  for (const ids of Object.values(e.excluded ?? {})) if (Array.isArray(ids)) for (const id of ids) users.add(id);
  if (e.chosen) users.add(e.chosen[0]);
  for (const r of e.runnersUp ?? []) users.add(r[0]);
  if (e.record) mentionedBy(e.record, users, teams);
}

/**
 * The names a routing answer's sentences need (contract/explain.ts), as far as the caller may see them: roles
 * that see every conversation see every colleague named in it; a Sale user sees the people who handled this
 * conversation (its events name them anyway) and themselves, and the other candidates stay "an agent".
 */
export async function routingNames(
  em: EntityManager,
  auth: Pick<AuthContext, 'accountId' | 'userId' | 'role'>,
  events: readonly HistoryEvent[],
  current: { explanation: unknown } | null,
): Promise<RoutingHistory['names']> {
  const handlers = new Set<string>([auth.userId]);
  const teams = new Set<string>();
  const candidates = new Set<string>();
  for (const ev of events) {
    for (const id of [ev.fromUserId, ev.toUserId, ev.actorUserId]) if (id) handlers.add(id);
    if (ev.toTeamId) teams.add(ev.toTeamId);
    mentionedBy(ev.explanation as Explanation, candidates, teams);
  }
  mentionedBy(current?.explanation as Explanation, candidates, teams);
  const all = seesAllConversations(auth.role);
  const userIds = all ? [...new Set([...handlers, ...candidates])] : [...handlers];
  const conn = em.getConnection();
  const [userRows, teamRows] = await Promise.all([
    conn.execute<Array<{ id: string; name: string }>>(
      // An invitee without a name yet is known to colleagues who see everything by the address they were invited at.
      `select id, ${all ? `coalesce(nullif(name, ''), email)` : 'name'} as name
         from users where account_id = ? and id = any(?::uuid[])`,
      [auth.accountId, pgArray(userIds)],
    ),
    conn.execute<Array<{ id: string; name: string }>>(
      `select id, name from teams where account_id = ? and id = any(?::uuid[])`,
      [auth.accountId, pgArray([...teams])],
    ),
  ]);
  const byId = (rows: Array<{ id: string; name: string }>) =>
    Object.fromEntries(rows.filter((r) => r.name).map((r) => [r.id, r.name]));
  return { users: byId(userRows), teams: byId(teamRows) };
}
