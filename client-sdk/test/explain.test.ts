import { describe, expect, it } from 'vitest';
import {
  EXCLUSION_REASONS,
  LOSS_REASONS,
  exclusionText,
  explainDecision,
  explainEvent,
  explainHistory,
  lossText,
  routingHistory,
  type CompactExplanation,
  type FullExplanation,
  type Names,
  type RoutingHistoryEvent,
} from '@switchboard/client-sdk/contract';

const names: Names = {
  users: { ana: 'Ana', bo: 'Bo', cy: 'Cy', dee: 'Dee', eve: 'Eve', fay: 'Fay', gus: 'Gus', hal: 'Hal' },
  teams: { sales: 'Sales' },
};

const full = (over: Partial<FullExplanation> = {}): FullExplanation => ({
  strategy: 'balanced',
  owner: null,
  teamId: 'sales',
  excluded: {},
  atCapacity: {},
  ranked: [],
  ...over,
});
const ranked = (agentId: string, ongoing: number, capacity: number | null, result: string) =>
  ({ agentId, ongoing, capacity, lastAssignedAt: null, result }) as FullExplanation['ranked'][number];

const event = (over: Partial<RoutingHistoryEvent>): RoutingHistoryEvent => ({
  id: '1',
  at: '2026-12-04T10:00:00.000Z',
  kind: 'auto',
  reason: 'routing:balanced',
  fromUserId: null,
  fromUserName: null,
  toUserId: null,
  toUserName: null,
  actorUserId: null,
  actorName: null,
  toTeamId: null,
  capacityOverride: false,
  explanation: null,
  ...over,
});

describe('candidate sentences', () => {
  it('says why each exclusion reason filtered a candidate out', () => {
    const e = full({ atCapacity: { ana: { ongoing: 5, capacity: 5 } } });
    const said = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, exclusionText(r, 'ana', e, names)]));
    expect(said).toEqual({
      other_account: 'not in this account',
      not_in_team: 'not in team Sales',
      pending: 'has not accepted the invitation yet',
      offline: 'offline',
      paused: 'paused',
      not_visible: 'may not see this conversation',
      at_capacity: 'at capacity, 5 of 5',
    });
  });

  it('falls back when the team name or the numbers are unknown to the caller', () => {
    expect(exclusionText('not_in_team', 'bo', full({ teamId: 'secret' }), names)).toBe(
      "not in the conversation's team",
    );
    expect(exclusionText('at_capacity', 'bo', full(), names)).toBe('at capacity');
  });

  it('says why each loss reason lost', () => {
    const said = Object.fromEntries(LOSS_REASONS.map((r) => [r, lossText(r, 3, 5)]));
    expect(said).toEqual({
      lost_on_ratio: 'busier, 3 of 5',
      lost_on_idle: 'as busy (3 of 5) but assigned more recently',
      lost_on_rotation: 'assigned more recently (3 of 5)',
      lost_on_random: 'tied (3 of 5), lost the draw',
      not_owner: "not the contact's owner (3 of 5)",
      waiting_for_owner: "could take it (3 of 5), but it waits for the contact's owner",
    });
    expect(lossText('lost_on_ratio', 7, null)).toBe('busier, 7 ongoing, no limit');
  });
});

describe('a decision', () => {
  const excluded = full({
    excluded: { at_capacity: ['ana'], not_in_team: ['bo'], offline: ['cy'], paused: ['dee'], pending: ['eve'] },
    atCapacity: { ana: { ongoing: 5, capacity: 5 } },
  });

  it('names the winner and why, then every other candidate, those closest to taking it first', () => {
    const e = full({
      ...excluded,
      ranked: [ranked('fay', 2, 5, 'chosen'), ranked('gus', 3, 5, 'lost_on_ratio')],
    });
    expect(explainEvent(event({ toUserId: 'fay', explanation: e }), names)).toEqual({
      summary: 'Assigned to Fay: fewest ongoing (2 of 5)',
      candidates: [
        'Gus: busier, 3 of 5',
        'Ana: at capacity, 5 of 5',
        'Dee: paused',
        'Cy: offline',
        'Eve: has not accepted the invitation yet',
        'Bo: not in team Sales',
      ],
      more: 0,
    });
  });

  it('says when the winner had more ongoing but a lower load for their capacity', () => {
    const e = full({ ranked: [ranked('fay', 4, 10, 'chosen'), ranked('gus', 1, 2, 'lost_on_ratio')] });
    expect(explainEvent(event({ toUserId: 'fay', explanation: e }), names).summary).toBe(
      'Assigned to Fay: lowest load for their capacity (4 of 10)',
    );
  });

  it('explains ties, round robin, the only candidate and the contact owner', () => {
    const win = (e: FullExplanation, id = 'fay') =>
      explainEvent(event({ toUserId: id, explanation: e }), names).summary;
    expect(win(full({ ranked: [ranked('fay', 2, 5, 'chosen'), ranked('gus', 2, 5, 'lost_on_idle')] }))).toBe(
      'Assigned to Fay: fewest ongoing (2 of 5), longest since a last assignment',
    );
    expect(win(full({ ranked: [ranked('fay', 2, 5, 'chosen'), ranked('gus', 2, 5, 'lost_on_random')] }))).toBe(
      'Assigned to Fay: fewest ongoing (2 of 5), won a draw',
    );
    expect(
      win(
        full({
          strategy: 'round_robin',
          ranked: [ranked('fay', 4, 5, 'chosen'), ranked('gus', 1, 5, 'lost_on_rotation')],
        }),
      ),
    ).toBe('Assigned to Fay: next in turn, longest since a last assignment (4 of 5)');
    expect(win(full({ ranked: [ranked('fay', 0, null, 'chosen')] }))).toBe(
      'Assigned to Fay: the only one who could take it (0 ongoing, no limit)',
    );
    const owned = full({
      owner: { ownerId: 'hal', eligible: true, rule: 'owner_first' },
      ranked: [ranked('hal', 3, 5, 'chosen'), ranked('fay', 0, 5, 'not_owner')],
    });
    expect(explainEvent(event({ toUserId: 'hal', explanation: owned }), names)).toMatchObject({
      summary: "Assigned to Hal: the contact's owner (3 of 5)",
      candidates: ["Fay: not the contact's owner (0 of 5)"],
    });
  });

  it('says why nobody was available, counting each reason', () => {
    expect(explainDecision({ kind: 'unassigned', explanation: excluded }, names).summary).toBe(
      'Nobody available: 1 not in team Sales, 1 not activated yet, 1 offline, 1 paused, 1 at capacity',
    );
    expect(explainDecision({ kind: 'unassigned', explanation: full() }, names).summary).toBe(
      'Nobody available: no agents to consider',
    );
  });

  it('says when the conversation waits for its contact owner, and why the owner cannot take it', () => {
    const e = full({
      owner: { ownerId: 'cy', eligible: false, rule: 'wait' },
      excluded: { offline: ['cy'] },
      ranked: [ranked('fay', 0, 5, 'waiting_for_owner')],
    });
    expect(explainDecision({ kind: 'unassigned', explanation: e }, names)).toEqual({
      summary: "Waiting for Cy, the contact's owner: offline",
      candidates: ["Fay: could take it (0 of 5), but it waits for the contact's owner", 'Cy: offline'],
      more: 0,
    });
  });

  it('speaks of a decision routing would make now in the conditional', () => {
    const e = full({ ranked: [ranked('fay', 1, 5, 'chosen')] });
    expect(explainDecision({ kind: 'assigned', agentId: 'fay', explanation: e }, names).summary).toBe(
      'Would go to Fay: the only one who could take it (1 of 5)',
    );
  });

  it('uses only the names it was given, and caps the list of candidates', () => {
    const many = full({ excluded: { offline: Array.from({ length: 30 }, (_, i) => `x${i}`) } });
    const said = explainDecision({ kind: 'unassigned', explanation: many }, names, { limit: 3 });
    expect(said.candidates).toEqual(['An agent: offline', 'An agent: offline', 'An agent: offline']);
    expect(said.more).toBe(27);
    expect(
      explainEvent(event({ toUserId: 'zed', explanation: full({ ranked: [ranked('zed', 0, 1, 'chosen')] }) })).summary,
    ).toBe('Assigned to an agent: the only one who could take it (0 of 1)');
  });

  it('reads a compact record whose snapshot was pruned', () => {
    const compact: CompactExplanation = {
      strategy: 'balanced',
      owner: null,
      teamId: 'sales',
      contactOwnerId: null,
      chosen: ['fay', 1, 4, null],
      runnersUp: [['gus', 'lost_on_ratio', 2, 4, null]],
      eligible: 5,
      excluded: { offline: 3, at_capacity: 2 },
      snapshotId: 'gone',
      seq: 0,
    };
    expect(explainEvent(event({ toUserId: 'fay', explanation: compact }), names)).toEqual({
      summary: 'Assigned to Fay: fewest ongoing (1 of 4)',
      candidates: ['Gus: busier, 2 of 4', '3 more could have taken it', 'Not considered: 3 offline, 2 at capacity'],
      more: 0,
    });
  });
});

describe('manual events', () => {
  const manual = { manual: true as const, ongoing: 5, capacity: 5, overrideRequested: true };
  it('says who did what', () => {
    const said = (over: Partial<RoutingHistoryEvent>) => explainEvent(event(over), names).summary;
    expect(said({ kind: 'pick', toUserId: 'ana', explanation: { ...manual, ongoing: 1 } })).toBe(
      'Ana picked it from Unassigned (1 of 5)',
    );
    expect(
      said({ kind: 'assign', actorUserId: 'bo', toUserId: 'ana', capacityOverride: true, explanation: manual }),
    ).toBe('Bo assigned it to Ana (5 of 5), over capacity by override');
    expect(said({ kind: 'transfer', actorUserId: 'ana', fromUserId: 'ana', toTeamId: 'sales' })).toBe(
      'Ana transferred it from Ana to team Sales',
    );
    expect(said({ kind: 'transfer', actorUserId: 'ana', fromUserId: 'ana', toUserId: 'bo', explanation: manual })).toBe(
      'Ana transferred it from Ana to Bo (5 of 5)',
    );
    expect(said({ kind: 'unassign', actorUserId: 'bo' })).toBe('Bo returned it to Unassigned');
    expect(said({ kind: 'resolve', actorUserId: 'bo' })).toBe('Bo resolved it');
    expect(said({ kind: 'reopen', actorUserId: 'bo' })).toBe('Bo reopened it');
    expect(said({ kind: 'requeue', fromUserId: 'ana', reason: 'assignee removed' })).toBe(
      'Back to Unassigned from Ana: assignee removed',
    );
  });

  it("keeps a removed user's name from the event's snapshot when the lookup has none", () => {
    expect(explainEvent(event({ kind: 'resolve', actorUserId: 'gone', actorName: 'Former Fred' }), names).summary).toBe(
      'Former Fred resolved it',
    );
    expect(explainEvent(event({ kind: 'resolve', actorUserId: 'gone' }), names).summary).toBe('An agent resolved it');
  });
});

describe('a whole routing answer', () => {
  it('parses with the contract schema and reads in order, with the names it carries', () => {
    const ana = '0b6f2d4e-8a1c-4f3e-9b2a-6c5d4e3f2a1b';
    const answer = routingHistory.parse({
      conversationId: '6f1c3f52-5d0e-4d5c-9a55-0b0f1f2d9a10',
      events: [
        event({ toUserId: ana, explanation: full({ ranked: [ranked(ana, 0, 2, 'chosen')] }) }),
        event({ id: '2', kind: 'resolve', actorUserId: ana }),
      ],
      current: null,
      names: { users: { [ana]: 'Ana' }, teams: {} },
    });
    const read = explainHistory(answer);
    expect(read.events.map((e) => [e.id, e.summary])).toEqual([
      ['1', 'Assigned to Ana: the only one who could take it (0 of 2)'],
      ['2', 'Ana resolved it'],
    ]);
    expect(read.current).toBeNull();
  });
});
