import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from './account.entity.js';
import { Team } from './team.entity.js';

/** A WhatsApp number of the account. */
export const Channel = defineEntity({
  name: 'Channel',
  tableName: 'channels',
  uniques: [{ name: 'channels_account_phone_unique', properties: ['account', 'phoneNumber'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    account: () => p.manyToOne(Account).ref().deleteRule('cascade'),
    name: p.string().length(120),
    phoneNumber: p.string().length(32),
    defaultTeam: () => p.manyToOne(Team).ref().nullable().deleteRule('set null'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Channel = InferEntity<typeof Channel>;
