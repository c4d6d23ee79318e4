import { z } from 'zod';
import { OWNER_FALLBACKS, ROUTING_STRATEGIES } from './routing-settings.js';

/**
 * The routing explanations that GET /conversations/{id}/routing answers, typed so that clients (and the sentence
 * renderer in ../explain.ts) read them without guessing. The router builds them (docs/routing.md); the server's
 * policy types are checked against these in test/unit/sdk-contract.test.ts. Ids are strings, not UUIDs, so that
 * the schema describes what the policy produces rather than what one database happens to hold.
 */

/** Why a candidate was filtered out: the first filter it failed, in this order. */
export const EXCLUSION_REASONS = [
  'other_account',
  'not_in_team',
  'pending',
  'offline',
  'paused',
  'not_visible',
  'at_capacity',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** Why an eligible candidate did not win. */
export const LOSS_REASONS = [
  'lost_on_ratio',
  'lost_on_idle',
  'lost_on_rotation',
  'lost_on_random',
  'not_owner',
  'waiting_for_owner',
] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

const count = z.number().int().min(0);
const capacity = z.number().int().nullable();
/** Epoch microseconds of the agent's last assignment; null = never assigned. */
const stamp = z.number().nullable();

const ownerRule = z
  .object({
    ownerId: z.string(),
    eligible: z.boolean(),
    rule: z.enum(['owner_first', ...OWNER_FALLBACKS]),
  })
  .nullable();

export const rankedCandidate = z.object({
  agentId: z.string(),
  ongoing: count,
  capacity,
  lastAssignedAt: stamp,
  result: z.enum(['chosen', ...LOSS_REASONS]),
});

/**
 * What an automatic decision kept when it was made: the winner, the best few losers and how many candidates each
 * exclusion reason removed. All there is once the batch snapshot it points at has been pruned.
 */
export const compactExplanation = z.object({
  strategy: z.enum(ROUTING_STRATEGIES),
  owner: ownerRule,
  /** The conversation's team when it was decided. */
  teamId: z.string().nullable(),
  contactOwnerId: z.string().nullable(),
  /** [agentId, ongoing, capacity, lastAssignedAt] before this assignment. */
  chosen: z.tuple([z.string(), count, capacity, stamp]).optional(),
  /** [agentId, result, ongoing, capacity, lastAssignedAt], best first. */
  runnersUp: z.array(z.tuple([z.string(), z.enum(LOSS_REASONS), count, capacity, stamp])),
  eligible: count,
  excluded: z.partialRecord(z.enum(EXCLUSION_REASONS), count),
  snapshotId: z.string().optional(),
  seq: z.number().int().optional(),
});

/** Every candidate, excluded or ranked: a decision made now, or a stored one rebuilt from its batch snapshot. */
export const fullExplanation = z.object({
  strategy: z.enum(ROUTING_STRATEGIES),
  owner: ownerRule,
  /** The conversation's team when it was decided (null = no team). */
  teamId: z.string().nullable(),
  /** Candidates filtered out, grouped by reason; each id appears once. */
  excluded: z.partialRecord(z.enum(EXCLUSION_REASONS), z.array(z.string())),
  /** Ongoing and capacity of each candidate excluded at capacity ("at capacity, 5 of 5"). */
  atCapacity: z.record(z.string(), z.object({ ongoing: count, capacity: count })),
  /** Eligible candidates, winner first, with the numbers the strategy compared. */
  ranked: z.array(rankedCandidate),
  /** The compact record a rebuilt explanation came from. */
  record: compactExplanation.optional(),
});

/** A person chose the assignee (pick, assign, transfer): their load then, and whether capacity was overridden. */
export const manualExplanation = z.object({
  manual: z.literal(true),
  ongoing: count,
  capacity,
  overrideRequested: z.boolean(),
});

export const routingExplanation = z.union([fullExplanation, compactExplanation, manualExplanation]);

/** What routing would decide right now for a waiting conversation. */
export const routingDecision = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('assigned'), agentId: z.string(), explanation: fullExplanation }),
  z.object({ kind: z.literal('unassigned'), explanation: fullExplanation }),
]);

export type RankedCandidate = z.output<typeof rankedCandidate>;
export type CompactExplanation = z.output<typeof compactExplanation>;
export type FullExplanation = z.output<typeof fullExplanation>;
export type ManualExplanation = z.output<typeof manualExplanation>;
export type RoutingExplanation = z.output<typeof routingExplanation>;
export type RoutingDecision = z.output<typeof routingDecision>;
