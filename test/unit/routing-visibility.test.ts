import { describe, expect, it } from 'vitest';
import {
  decide,
  decideBatch,
  exclusionReason,
  explainBatchDecision,
  reasonFor,
  seededRandom,
  type AgentSnapshot,
  type ConversationToRoute,
  type RoutingSettings,
  type VisibilityRule,
} from '../../server/src/routing/policy/index.js';

// The "may see it once assigned" filter is written once (policy/eligibility.ts); decide, the batch path
// and the replay must all apply it. No role is restricted today, so the rule is injected here.
const ACC = 'acc-1';
const agent = (id: string, over: Partial<AgentSnapshot> = {}): AgentSnapshot => ({
  id,
  accountId: ACC,
  status: 'active',
  connected: true,
  paused: false,
  teamIds: ['t1'],
  role: 'service',
  capacity: 5,
  ongoing: 0,
  lastAssignedAt: null,
  ...over,
});
const conv = (id: string, over: Partial<ConversationToRoute> = {}): ConversationToRoute => ({
  id,
  accountId: ACC,
  teamId: 't1',
  priority: 0,
  contactOwnerId: null,
  ...over,
});
const settings: RoutingSettings[] = [
  { strategy: 'balanced', ownerFallback: 'pool' },
  { strategy: 'round_robin', ownerFallback: 'pool' },
];
/** Sale agents may not see conversations whose id starts with "hidden". */
const saleSeesNoHidden: VisibilityRule = {
  restricted: (a) => a.role === 'sale',
  sees: (_a, c) => !c.id.startsWith('hidden'),
};

describe.each(settings)('visibility once assigned ($strategy)', (s) => {
  it('the batch decider refuses an agent who may not see the conversation, as decide does', () => {
    // The restricted agent is the best candidate on load, and the owner of the contact.
    const agents = [agent('sale', { role: 'sale', ongoing: 0 }), agent('svc', { ongoing: 3, lastAssignedAt: 10 })];
    const hidden = conv('hidden-1', { contactOwnerId: 'sale' });
    expect(exclusionReason(agents[0], hidden, saleSeesNoHidden)).toBe('not_visible');
    const single = decide(agents, hidden, s, seededRandom(1), saleSeesNoHidden);
    expect(single).toMatchObject({ kind: 'assigned', agentId: 'svc' });
    expect(reasonFor(single.explanation, 'sale')).toBe('not_visible');

    const batch = decideBatch(agents, [hidden], s, {
      now: 1000,
      random: seededRandom(1),
      visibility: saleSeesNoHidden,
    });
    expect(batch.decisions[0].decision).toMatchObject({ kind: 'assigned', agentId: 'svc' });
    expect(batch.decisions[0].decision.explanation).toMatchObject({ eligible: 1, excluded: { not_visible: 1 } });
  });

  it('decide and the batch agree on every decision of a mixed queue, and the replay explains each', () => {
    const agents = [
      agent('sale1', { role: 'sale', capacity: 2 }),
      agent('sale2', { role: 'sale', capacity: 1, ongoing: 1 }),
      agent('svc1', { capacity: 3 }),
      agent('svc2', { capacity: null, ongoing: 1 }),
    ];
    const queue = Array.from({ length: 8 }, (_, i) => conv(i % 2 ? `hidden-${i}` : `open-${i}`));
    const batch = decideBatch(agents, queue, s, { now: 1000, random: seededRandom(7), visibility: saleSeesNoHidden });
    const state = new Map(agents.map((a) => [a.id, { ...a }]));
    for (const [i, d] of batch.decisions.entries()) {
      const c = queue[i];
      const winner = d.decision.kind === 'assigned' ? d.decision.agentId : null;
      if (winner && c.id.startsWith('hidden')) expect(winner.startsWith('svc')).toBe(true);
      const replay = explainBatchDecision(agents, queue, s, batch, i, saleSeesNoHidden);
      expect(replay.kind === 'assigned' ? replay.agentId : null).toBe(winner);
      const single = decide([...state.values()], c, s, seededRandom(i), saleSeesNoHidden);
      const excluded = Object.fromEntries(
        Object.entries(single.explanation.excluded).map(([r, ids]) => [r, ids.length]),
      );
      expect(d.decision.explanation.excluded).toEqual(excluded);
      expect(d.decision.explanation.eligible).toBe(single.explanation.ranked.length);
      if (winner) {
        const w = state.get(winner)!;
        w.ongoing += 1;
        w.lastAssignedAt = d.assignedAt!;
      }
    }
  });
});
