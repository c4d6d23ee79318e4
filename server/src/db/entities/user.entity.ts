import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from './account.entity.js';

// Wire contract: the API accepts and returns these values, and the columns store the same strings.
import { ROLES, USER_STATUSES } from '@switchboard/client-sdk/contract';

export { ROLES, USER_STATUSES, type Role, type UserStatus } from '@switchboard/client-sdk/contract';

/** A member of an account. Removed users are deleted; history rows keep a snapshot of their name. */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  uniques: [{ name: 'users_account_email_unique', properties: ['account', 'email'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
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
