/** The account's routing vocabulary: the pure routing policy and the account entity both name it. */
export const ROUTING_STRATEGIES = ['balanced', 'round_robin'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];
/** What happens to a conversation whose contact owner cannot take it: route to the pool, or wait for the owner. */
export const OWNER_FALLBACKS = ['pool', 'wait'] as const;
export type OwnerFallback = (typeof OWNER_FALLBACKS)[number];
