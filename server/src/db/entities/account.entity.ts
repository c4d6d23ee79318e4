import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from './user.entity.js';

export const ROUTING_STRATEGIES = ['balanced', 'round_robin'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];
/** What happens to a conversation whose contact owner cannot take it: route to the pool, or wait for the owner. */
export const OWNER_FALLBACKS = ['pool', 'wait'] as const;
export type OwnerFallback = (typeof OWNER_FALLBACKS)[number];

/** A tenant. The owner is a single column, so "exactly one owner" is structural, not a convention. */
export const Account = defineEntity({
  name: 'Account',
  tableName: 'accounts',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    name: p.string().length(200),
    owner: () => p.manyToOne(User).ref().nullable().deleteRule('restrict'),
    require2fa: p.boolean().default(false),
    routingStrategy: p.enum([...ROUTING_STRATEGIES]).default('balanced'),
    ownerFallback: p.enum([...OWNER_FALLBACKS]).default('pool'),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Account = InferEntity<typeof Account>;
