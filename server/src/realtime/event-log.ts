/**
 * Reads of the durable socket log. It is written only by `insertRealtimeEvents` (routing/claim.repository.ts),
 * inside the transaction that makes the change, and emitted after commit by `RealtimePublisher`.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DurableEventPayloads, DurableEventType, EventEnvelope } from '@switchboard/client-sdk/contract';
import { seesAllConversations } from '../core/permissions.js';
import type { Role } from '../db/entities/user.entity.js';

/**
 * Who may receive each durable event type, as the log's audience columns. Every durable event today is about
 * a conversation and goes to the all-seeing roles and the conversation's people, never to Admins only; a new
 * event type must say who it is for here before anything can write it.
 */
interface DurableEventAudiences {
  'conversation.assigned': ConversationAudience;
  'conversation.unassigned': ConversationAudience;
  'conversation.transferred': ConversationAudience;
  'conversation.resolved': ConversationAudience;
  'conversation.reopened': ConversationAudience;
  'message.created': ConversationAudience;
}

interface ConversationAudience {
  /** Users who get it whatever their role (assignee, previous assignee, contact owner). */
  audienceUserIds: string[];
  audienceAll: boolean;
  adminOnly?: false;
}

/**
 * One event to append to the log, a union keyed by `type`: the compiler pairs each type with its own payload
 * and audience, and a `switch (e.type)` narrows the payload without a cast.
 */
export type NewRealtimeEvent<T extends DurableEventType = DurableEventType> = {
  [K in T]: { type: K; conversationId: string | null; payload: DurableEventPayloads[K] } & DurableEventAudiences[K];
}[T];

/** An appended event: its log id, account and commit time, ready for the emit after commit. */
export type StoredRealtimeEvent<T extends DurableEventType = DurableEventType> = NewRealtimeEvent<T> & {
  id: string;
  accountId: string;
  at: string;
};

/** Who is asking for a replay: the same facts that decide their rooms. */
export interface Viewer {
  accountId: string;
  userId: string;
  role: Role;
}

/** The newest id of the account's log (committed), or null when empty: where a fresh client starts. */
export async function logHead(em: EntityManager, accountId: string): Promise<string | null> {
  const rows = await em
    .getConnection()
    .execute<{ head: string | null }[]>('select max(id)::text as head from realtime_events where account_id = ?', [
      accountId,
    ]);
  return rows[0]?.head ?? null;
}

/**
 * Events after `afterId` up to `upTo` that this viewer may see, oldest first: the same rule as the rooms
 * (`roomsForUser` / `roomsForAudience`) expressed over the audience columns, so a replay never shows more
 * than live delivery would have.
 */
export async function readVisibleEvents(
  em: EntityManager,
  viewer: Viewer,
  afterId: string | null,
  upTo: string,
  limit: number,
): Promise<EventEnvelope[]> {
  type Row = { id: string; type: DurableEventType; payload: unknown; created_at: Date };
  const rows = await em.getConnection().execute<Row[]>(
    // Order by the bigint column, not the text alias of the same name ('15' sorts after '149').
    `select id::text as id, type, payload, created_at from realtime_events
      where account_id = ? and id > ? and id <= ?
        and case when admin_only then ? else ((audience_all and ?) or ?::uuid = any(audience_user_ids)) end
      order by realtime_events.id limit ?`,
    [
      viewer.accountId,
      afterId ?? '0',
      upTo,
      viewer.role === 'admin',
      seesAllConversations(viewer.role),
      viewer.userId,
      limit,
    ],
  );
  return rows.map(
    (r) =>
      ({
        id: r.id,
        type: r.type,
        at: new Date(r.created_at).toISOString(),
        payload: r.payload,
      }) as EventEnvelope,
  );
}
