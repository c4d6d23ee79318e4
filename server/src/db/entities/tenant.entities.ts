import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ROLES, USER_STATUSES } from '../../core/roles.js';
import { OWNER_FALLBACKS, ROUTING_STRATEGIES } from '../../core/routing-settings.js';

/*
 * Account and User reference each other (the owner; the member's account), so they are defined in one
 * module: two files would import each other. account.entity.ts and user.entity.ts re-export from here.
 */

/** A tenant. The owner is a single column, so "exactly one owner" is structural, not a convention. */
export const Account = defineEntity({
  name: 'Account',
  tableName: 'accounts',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(200),
    owner: () => p.manyToOne(User).ref().nullable().deleteRule('restrict'),
    require2fa: p.boolean().default(false),
    routingStrategy: p.enum([...ROUTING_STRATEGIES]).default('balanced'),
    ownerFallback: p.enum([...OWNER_FALLBACKS]).default('pool'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Account = InferEntity<typeof Account>;

/** A member of an account. Removed users are deleted; history rows keep a snapshot of their name. */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  uniques: [{ name: 'users_account_email_unique', properties: ['account', 'email'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    account: () => p.manyToOne(Account).ref().deleteRule('cascade'),
    /** Stored lower-cased; never changes after the invitation. */
    email: p.string().length(320),
    name: p.string().length(200).default(''),
    role: p.enum([...ROLES]),
    status: p.enum([...USER_STATUSES]).default('pending'),
    passwordHash: p.string().nullable(),
    /** null = unlimited; 0 = receives nothing automatically. */
    capacity: p.integer().nullable(),
    totpSecretEnc: p.string().nullable(),
    totpEnabledAt: p.datetime().nullable(),
    /** Last accepted TOTP time step: a code is accepted at most once. */
    totpLastStep: p.bigint('number').nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    activatedAt: p.datetime().nullable(),
  },
});
export type User = InferEntity<typeof User>;
