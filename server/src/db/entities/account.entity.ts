import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from './user.entity.js';

// The values are wire contract (the API accepts and returns them); the columns store the same strings.
// Owner fallback: a conversation whose contact owner cannot take it goes to the pool, or waits for the owner.
import { OWNER_FALLBACKS, ROUTING_STRATEGIES } from '@switchboard/client-sdk/contract';

export { OWNER_FALLBACKS, ROUTING_STRATEGIES, type OwnerFallback, type RoutingStrategy } from '@switchboard/client-sdk/contract';

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
