// Types for scenarios.js (plain JavaScript so that k6 can load it too).
export declare const API: {
  inbound: string;
  signIn: string;
  me: string;
  users: string;
  capacity(userId: string): string;
  resolve(conversationId: string): string;
  availability: string;
  socketPath: string;
};
export declare const EVENTS: {
  assigned: 'conversation.assigned';
  resolved: 'conversation.resolved';
  replay: string;
  ack: string;
  pause: string;
  resume: string;
  resolve: string;
};
export declare const DEMO: {
  baseUrl: string;
  apiKey: string;
  channel: string;
  password: string;
  admins: string[];
  agents: string[];
};
export type ScenarioName = 'inbound-flood' | 'agents' | 'admins' | 'mixed';
export declare const SCENARIOS: ScenarioName[];
export declare const DEFAULTS: {
  rate: number;
  duration: string;
  agents: number;
  admins: number;
  teams: number;
  capacity: number;
  hold: string;
  followUps: number;
  pauseRatio: number;
  capacityChangeEvery: string;
  capacityMin: number;
  capacityMax: number;
  seed: number;
};
export declare function parseDuration(value: string | number): number;
export declare function createRandom(seed: number): () => number;
export interface GeneratedMessage {
  contactPhone: string;
  contactName: string;
  text: string;
  providerMessageId: string;
  followUp: boolean;
}
export declare function createMessageSource(opts: { seed?: number; followUps?: number; runId: string | number }): {
  next(): GeneratedMessage;
};
export declare function inboundBody(
  channel: string,
  m: GeneratedMessage,
  extra?: { teamId?: string; priority?: number },
): Record<string, unknown>;
export declare function dueAt(i: number, rate: number): number;
export declare function holdFor(random: () => number, meanMs: number): number;
export declare function pausePlan(
  random: () => number,
  ratio: number,
  durationMs: number,
): { at: number; for: number } | null;
export declare function nextCapacity(random: () => number, current: number, min: number, max: number): number;
