import { z } from 'zod';

export const ROUTING_STRATEGIES = ['balanced', 'round_robin'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];
export const OWNER_FALLBACKS = ['pool', 'wait'] as const;
export type OwnerFallback = (typeof OWNER_FALLBACKS)[number];

export const routingSettingsDto = z.object({
  strategy: z.enum(ROUTING_STRATEGIES),
  ownerFallback: z.enum(OWNER_FALLBACKS),
});
export const routingSettingsBody = z
  .strictObject({ strategy: z.enum(ROUTING_STRATEGIES).optional(), ownerFallback: z.enum(OWNER_FALLBACKS).optional() })
  .refine((b) => b.strategy || b.ownerFallback, 'Send strategy, ownerFallback or both');
