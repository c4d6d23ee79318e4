import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from './account.entity.js';
import { Conversation } from './conversation.entity.js';
import { User } from './user.entity.js';

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;

/** Idempotent on the provider's message id: a retried webhook finds the unique index and creates nothing. */
export const Message = defineEntity({
  name: 'Message',
  tableName: 'messages',
  uniques: [{ name: 'messages_account_provider_id_unique', properties: ['account', 'providerMessageId'] }],
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    account: () => p.manyToOne(Account).ref().deleteRule('cascade'),
    conversation: () => p.manyToOne(Conversation).ref().deleteRule('cascade').index(),
    direction: p.enum([...MESSAGE_DIRECTIONS]),
    body: p.text(),
    providerMessageId: p.string().length(200).nullable(),
    author: () => p.manyToOne(User).ref().nullable().deleteRule('set null'),
    authorName: p.string().length(200).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Message = InferEntity<typeof Message>;
