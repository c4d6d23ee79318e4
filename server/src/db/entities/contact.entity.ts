import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from './account.entity.js';
import { User } from './user.entity.js';

/** A customer. An owner makes the contact's conversations "belong" to that user (Sale visibility, owner-first routing). */
export const Contact = defineEntity({
  name: 'Contact',
  tableName: 'contacts',
  uniques: [{ name: 'contacts_account_phone_unique', properties: ['account', 'phoneNumber'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    account: () => p.manyToOne(Account).ref().deleteRule('cascade'),
    phoneNumber: p.string().length(32),
    name: p.string().length(200).default(''),
    owner: () => p.manyToOne(User).ref().nullable().deleteRule('set null').index(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Contact = InferEntity<typeof Contact>;
