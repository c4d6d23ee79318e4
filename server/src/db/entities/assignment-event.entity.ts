import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from './account.entity.js';
import { Conversation } from './conversation.entity.js';

export const ASSIGNMENT_KINDS = [
  'auto',
  'pick',
  'assign',
  'transfer',
  'unassign',
  'resolve',
  'reopen',
  'unroutable',
  'requeue',
] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];

/**
 * Every change of assignee, with the routing decision's explanation. User columns are plain ids plus a
 * name snapshot (no foreign key) so the history stays readable after a user is removed.
 */
export const AssignmentEvent = defineEntity({
  name: 'AssignmentEvent',
  tableName: 'assignment_events',
  indexes: [{ name: 'assignment_events_conversation_idx', properties: ['conversation', 'id'] }],
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    account: () => p.manyToOne(Account).ref().deleteRule('cascade'),
    conversation: () => p.manyToOne(Conversation).ref().deleteRule('cascade'),
    kind: p.enum([...ASSIGNMENT_KINDS]),
    fromUserId: p.uuid().nullable(),
    fromUserName: p.string().length(200).nullable(),
    toUserId: p.uuid().nullable(),
    toUserName: p.string().length(200).nullable(),
    /** null = the system (automatic routing). */
    actorUserId: p.uuid().nullable(),
    actorName: p.string().length(200).nullable(),
    toTeamId: p.uuid().nullable(),
    reason: p.string().length(200),
    capacityOverride: p.boolean().default(false),
    explanation: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type AssignmentEvent = InferEntity<typeof AssignmentEvent>;
