import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/** Every admin action: who, what, before and after, when. Ids plus name snapshots, like assignment events. */
export const AuditEvent = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_events',
  indexes: [{ name: 'audit_events_account_idx', properties: ['account', 'id'] }],
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    account: () => p.manyToOne(Account).ref().deleteRule('cascade'),
    actorUserId: p.uuid().nullable(),
    actorName: p.string().length(200).nullable(),
    action: p.string().length(64),
    targetType: p.string().length(32),
    targetId: p.string().length(64).nullable(),
    targetLabel: p.string().length(320).nullable(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type AuditEvent = InferEntity<typeof AuditEvent>;
