import type { LoadBoard, LoadBoardAgent } from '@switchboard/client-sdk';
import { describe, expect, it } from 'vitest';
import { applyBoardEvents, assignmentsPerMinute, type BoardEvent } from './board-state.js';

const READ_AT = Date.parse('2026-12-04T10:00:00.000Z');
const iso = (msAfterRead: number) => new Date(READ_AT + msAfterRead).toISOString();

const agent = (id: string, over: Partial<LoadBoardAgent> = {}): LoadBoardAgent => ({
  id,
  name: id,
  role: 'service',
  teamIds: [],
  capacity: 5,
  ongoing: 0,
  presence: 'offline',
  presenceSince: null,
  ...over,
});

const board = (agents: LoadBoardAgent[], recent: Array<[number, number]> = []): LoadBoard => ({
  agents,
  teams: [],
  channels: [],
  queue: {
    unassigned: 4,
    byTeam: { none: 4 },
    byChannel: {},
    oldest: { all: iso(-60_000), byTeam: {}, byChannel: {} },
    at: iso(0),
  },
  recentAssignments: recent,
  canEditCapacity: true,
  at: iso(0),
});

const load = (userId: string, ongoing: number, capacity: number | null, at = iso(10)): BoardEvent => ({
  type: 'agent.load',
  payload: { agents: [{ userId, ongoing, capacity, at }], at },
});

describe('applyBoardEvents', () => {
  it('applies a batch in order and copies only the agents it changed', () => {
    const b = board([agent('ana'), agent('bo')]);
    const events: BoardEvent[] = [
      load('ana', 1, 5),
      load('ana', 2, 5, iso(20)),
      {
        type: 'agent.capacity',
        payload: { userId: 'ana', capacity: 6, previousCapacity: 5, actorUserId: 'x', at: iso(30) },
      },
      {
        type: 'agent.presence',
        payload: { userId: 'ana', connected: true, paused: false, available: true, since: iso(5), at: iso(30) },
      },
    ];
    const { board: next, missing } = applyBoardEvents(b, events, READ_AT + 1000);
    expect(missing).toBe(false);
    expect(next.agents[0]).toMatchObject({ ongoing: 2, capacity: 6, presence: 'available', presenceSince: iso(5) });
    expect(next.agents[1]).toBe(b.agents[1]);
    expect(b.agents[0].ongoing).toBe(0);
  });

  it('skips what the board already had when it was read, and keeps the time a state began', () => {
    const b = board([agent('ana', { presence: 'paused', presenceSince: iso(-5000) })]);
    const stale = applyBoardEvents(b, [load('ana', 4, 5, iso(-1))], READ_AT);
    expect(stale.board).toBe(b);
    const repeated = applyBoardEvents(
      b,
      [
        {
          type: 'agent.presence',
          payload: { userId: 'ana', connected: true, paused: true, available: false, since: iso(-5000), at: iso(50) },
        },
      ],
      READ_AT,
    );
    expect(repeated.board.agents[0]).toBe(b.agents[0]);
  });

  it('takes the newest queue counts and reports an agent it does not list', () => {
    const b = board([agent('ana')]);
    const counts = { ...b.queue, unassigned: 1, at: iso(40) };
    const older = { ...b.queue, unassigned: 9, at: iso(20) };
    const r = applyBoardEvents(
      b,
      [{ type: 'queue.counts', payload: counts }, { type: 'queue.counts', payload: older }, load('newcomer', 1, 3)],
      READ_AT,
    );
    expect(r.board.queue.unassigned).toBe(1);
    expect(r.missing).toBe(true);
  });

  it('counts assignments per second and forgets those older than a minute', () => {
    const s = Math.floor(READ_AT / 1000);
    const b = board(
      [],
      [
        [s - 70, 3],
        [s - 10, 2],
      ],
    );
    const r = applyBoardEvents(
      b,
      [
        { type: 'assigned', at: iso(1500) },
        { type: 'assigned', at: iso(1600) },
        { type: 'assigned', at: iso(-1) },
      ],
      READ_AT + 2000,
    );
    expect(r.board.recentAssignments).toEqual([
      [s - 10, 2],
      [s + 1, 2],
    ]);
    expect(assignmentsPerMinute(r.board, READ_AT + 2000)).toBe(4);
    expect(assignmentsPerMinute(r.board, READ_AT + 55_000)).toBe(2);
  });
});
