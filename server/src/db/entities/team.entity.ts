import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from './account.entity.js';
import { User } from './user.entity.js';

export const Team = defineEntity({
  name: 'Team',
  tableName: 'teams',
  uniques: [{ name: 'teams_account_name_unique', properties: ['account', 'name'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    account: () => p.manyToOne(Account).ref().deleteRule('cascade'),
    name: p.string().length(120),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Team = InferEntity<typeof Team>;

/** Membership is its own row so that routing reads it with plain SQL and admins change it in one statement. */
export const TeamMember = defineEntity({
  name: 'TeamMember',
  tableName: 'team_members',
  properties: {
    team: () => p.manyToOne(Team).primary().ref().deleteRule('cascade'),
    user: () => p.manyToOne(User).primary().ref().deleteRule('cascade'),
    account: () => p.manyToOne(Account).ref().deleteRule('cascade').index(),
  },
});
export type TeamMember = InferEntity<typeof TeamMember>;
