import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from './account.entity.js';
import { User } from './user.entity.js';

/**
 * The capacity ledger: one row per user with their ongoing count, written in the same transaction as
 * every assignment change. A check constraint keeps it non-negative.
 */
export const AgentLoad = defineEntity({
  name: 'AgentLoad',
  tableName: 'agent_loads',
  properties: {
    user: () => p.manyToOne(User).primary().ref().deleteRule('cascade'),
    account: () => p.manyToOne(Account).ref().deleteRule('cascade').index(),
    ongoing: p.integer().default(0),
    /** For "longest idle" ties and round robin. */
    lastAssignedAt: p.datetime().nullable(),
  },
});
export type AgentLoad = InferEntity<typeof AgentLoad>;

/**
 * The durable event log for sockets (docs/invariants.md (I6)), written in the routing transaction. Ids grow in commit
 * order within an account because every writer holds the account's routing lock, so "everything after id N"
 * is a correct replay. Audience columns let the gateway apply role visibility on replay.
 */
export const RealtimeEvent = defineEntity({
  name: 'RealtimeEvent',
  tableName: 'realtime_events',
  indexes: [
    { name: 'realtime_events_account_id_idx', properties: ['account', 'id'] },
    { name: 'realtime_events_created_idx', properties: ['createdAt'] },
  ],
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    account: () => p.manyToOne(Account).ref().deleteRule('cascade'),
    type: p.string().length(64),
    conversationId: p.uuid().nullable(),
    /** Users allowed to see this event regardless of role (assignee, previous assignee, contact owner). */
    audienceUserIds: p.array().columnType('uuid[]').default('{}'),
    /** Whether roles that see every conversation receive it. */
    audienceAll: p.boolean().default(true),
    /** Admin-only events (load, capacity, presence). */
    adminOnly: p.boolean().default(false),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type RealtimeEvent = InferEntity<typeof RealtimeEvent>;
