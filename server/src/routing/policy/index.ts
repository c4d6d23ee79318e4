/**
 * The routing decision (docs/routing.md): a pure function of a snapshot, the clock value and a random source.
 * No I/O and no Date.now here, so every decision can be replayed in a unit test and explained to an admin.
 * Imports only core/ and the contract.
 */
export * from './types.js';
export { exclusionReason, type VisibilityRule } from './eligibility.js';
export { decide } from './decide.js';
export { BatchDecider, decideBatch } from './batch-decider.js';
export { explainBatchDecision, explainReplayed, reasonFor } from './replay.js';
export { seededRandom } from './random.js';
