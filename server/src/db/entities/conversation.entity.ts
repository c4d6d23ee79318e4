import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from './account.entity.js';
import { Channel } from './channel.entity.js';
import { Contact } from './contact.entity.js';
import { Team } from './team.entity.js';
import { User } from './user.entity.js';

// Wire contract: the API and the socket events carry these values, and the column stores the same strings.
import { CONVERSATION_STATUSES } from '@switchboard/client-sdk/contract';

export { CONVERSATION_STATUSES };

/**
 * Ongoing = assigned and not resolved: that is what capacity counts.
 * The migration adds: a check that status 'assigned' ⇔ an assignee, one ongoing conversation per
 * contact and channel, and the Unassigned queue index (priority desc, queued_at).
 */
export const Conversation = defineEntity({
  name: 'Conversation',
  tableName: 'conversations',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    account: () => p.manyToOne(Account).ref().deleteRule('cascade'),
    channel: () => p.manyToOne(Channel).ref().deleteRule('cascade'),
    contact: () => p.manyToOne(Contact).ref().deleteRule('cascade'),
    status: p.enum([...CONVERSATION_STATUSES]).default('unassigned'),
    assignee: () => p.manyToOne(User).ref().nullable().deleteRule('set null'),
    team: () => p.manyToOne(Team).ref().nullable().deleteRule('set null'),
    priority: p.smallint().default(0),
    /** When it (re)entered Unassigned: the queue's age. */
    queuedAt: p.datetime().onCreate(() => new Date()),
    assignedAt: p.datetime().nullable(),
    resolvedAt: p.datetime().nullable(),
    lastMessageAt: p.datetime().onCreate(() => new Date()),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Conversation = InferEntity<typeof Conversation>;
