import type { EntityManager } from '@mikro-orm/postgresql';
import type { DurableEventPayloads, DurableEventType, EventEnvelope } from '../../../client-sdk/src/events.js';
import { seesAllConversations } from '../modules/auth/permissions.js';
import type { Role } from '../db/entities/user.entity.js';
import type { EventAudience } from './rooms.js';

/** A durable event to append to `realtime_events`, with who may see it. */
export interface NewEvent<T extends DurableEventType = DurableEventType> extends Omit<EventAudience, 'adminOnly'> {
  type: T;
  conversationId: string | null;
  payload: DurableEventPayloads[T];
  adminOnly?: boolean;
}
/** The same event once written: what `publishDurable` sends after commit. */
export interface LoggedEvent<T extends DurableEventType = DurableEventType> extends EventAudience {
  id: string;
  type: T;
  createdAt: Date;
  payload: DurableEventPayloads[T];
}

const pgUuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/**
 * Appends events in one statement. Call it inside the transaction that makes the change and holds the
 * account's routing lock (`lockAccountRouting`): that is what makes ids grow in commit order per account,
 * which replay relies on. Emit the returned events only after the commit.
 */
export async function appendEvents(em: EntityManager, events: readonly NewEvent[]): Promise<LoggedEvent[]> {
  if (!events.length) return [];
  const values: string[] = [];
  const params: unknown[] = [];
  for (const e of events) {
    values.push('(?, ?, ?, ?::uuid[], ?, ?, ?::jsonb, clock_timestamp())');
    params.push(e.accountId, e.type, e.conversationId, pgUuidArray(e.audienceUserIds), e.audienceAll, e.adminOnly ?? false, JSON.stringify(e.payload));
  }
  const rows = await em.getConnection().execute<{ id: string; created_at: Date }[]>(
    `insert into realtime_events (account_id, type, conversation_id, audience_user_ids, audience_all, admin_only, payload, created_at)
     values ${values.join(', ')} returning id, created_at`,
    params, 'all', em.getTransactionContext(),
  );
  return events.map((e, i) => ({
    id: String(rows[i].id), type: e.type, createdAt: new Date(rows[i].created_at), payload: e.payload,
    accountId: e.accountId, audienceUserIds: e.audienceUserIds, audienceAll: e.audienceAll, adminOnly: e.adminOnly ?? false,
  }));
}

export function toEnvelope<T extends DurableEventType>(e: { id: string; type: T; createdAt: Date; payload: DurableEventPayloads[T] }): EventEnvelope<T> {
  return { id: e.id, type: e.type, at: e.createdAt.toISOString(), payload: e.payload };
}

/** Who is asking for a replay: the same facts that decide their rooms. */
export interface Viewer {
  accountId: string;
  userId: string;
  role: Role;
}

/** The newest id of the account's log (committed), or null when empty: where a fresh client starts. */
export async function logHead(em: EntityManager, accountId: string): Promise<string | null> {
  const rows = await em.getConnection().execute<{ head: string | null }[]>(
    'select max(id)::text as head from realtime_events where account_id = ?', [accountId],
  );
  return rows[0]?.head ?? null;
}

/**
 * Events after `afterId` up to `upTo` that this viewer may see, oldest first: the same rule as the rooms
 * (`roomsForUser` / `roomsForAudience`) expressed over the audience columns, so a replay never shows more
 * than live delivery would have.
 */
export async function readVisibleEvents(
  em: EntityManager, viewer: Viewer, afterId: string | null, upTo: string, limit: number,
): Promise<EventEnvelope[]> {
  const rows = await em.getConnection().execute<{ id: string; type: DurableEventType; payload: unknown; created_at: Date }[]>(
    // Order by the bigint column, not the text alias of the same name ('15' sorts after '149').
    `select id::text as id, type, payload, created_at from realtime_events
      where account_id = ? and id > ? and id <= ?
        and case when admin_only then ? else ((audience_all and ?) or ?::uuid = any(audience_user_ids)) end
      order by realtime_events.id limit ?`,
    [viewer.accountId, afterId ?? '0', upTo, viewer.role === 'admin', seesAllConversations(viewer.role), viewer.userId, limit],
  );
  return rows.map((r) => ({ id: r.id, type: r.type, at: new Date(r.created_at).toISOString(), payload: r.payload }) as EventEnvelope);
}
