import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from '../../server/src/realtime/coalescer.js';
import { liveStateMoved } from '../../server/src/realtime/live-state.js';
import type { ConversationSummary } from '@switchboard/client-sdk/contract';

describe('Coalescer', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('flushes a burst once, at most once per interval, and always after the last mark', async () => {
    const flushed: number[] = [];
    const c = new Coalescer<string>(
      50,
      async () => void flushed.push(Date.now()),
      () => {},
    );
    const start = Date.now();
    for (let i = 0; i < 1000; i++) c.mark('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(flushed).toHaveLength(1);
    // Marks every 5 ms for 500 ms: one flush per interval, not one per mark.
    for (let t = 0; t < 100; t++) {
      c.mark('a');
      await vi.advanceTimersByTimeAsync(5);
    }
    await vi.advanceTimersByTimeAsync(200);
    expect(flushed.length).toBeGreaterThanOrEqual(9);
    expect(flushed.length).toBeLessThanOrEqual(12);
    for (let i = 1; i < flushed.length; i++) expect(flushed[i] - flushed[i - 1]).toBeGreaterThanOrEqual(50);
    // The trailing flush came after the last mark (at start + 500).
    expect(flushed[flushed.length - 1]).toBeGreaterThanOrEqual(start + 500);
    await c.close();
  });

  it('keeps keys apart and keeps going after a failed flush', async () => {
    const seen: string[] = [];
    const errors: string[] = [];
    let fail = true;
    const c = new Coalescer<string>(
      50,
      async (k) => {
        if (k === 'a' && fail) {
          fail = false;
          throw new Error('boom');
        }
        seen.push(k);
      },
      (_e, k) => void errors.push(k),
    );
    c.mark('a');
    c.mark('b');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['b']);
    expect(errors).toEqual(['a']);
    c.mark('a');
    await vi.advanceTimersByTimeAsync(60);
    expect(seen).toEqual(['b', 'a']);
    await c.close();
    c.mark('a');
    await vi.advanceTimersByTimeAsync(100);
    expect(seen).toEqual(['b', 'a']);
  });
});

describe('liveStateMoved', () => {
  const conv = (over: Partial<ConversationSummary> = {}): ConversationSummary => ({
    id: 'c',
    channelId: 'ch',
    contactId: 'k',
    contactName: 'n',
    contactPhone: 'p',
    contactOwnerId: null,
    teamId: null,
    priority: 0,
    status: 'assigned',
    assigneeId: 'u1',
    queuedAt: '',
    createdAt: '',
    ...over,
  });

  it('names the queue and the agents whose ongoing count a committed event moved', () => {
    expect(
      liveStateMoved({
        type: 'conversation.assigned',
        payload: {
          conversation: conv(),
          assigneeId: 'u1',
          previousAssigneeId: null,
          reason: 'auto',
          actorUserId: null,
        },
      }),
    ).toEqual({ queue: true, agents: ['u1'] });
    expect(
      liveStateMoved({
        type: 'conversation.assigned',
        payload: {
          conversation: conv(),
          assigneeId: 'u1',
          previousAssigneeId: 'u2',
          reason: 'assign',
          actorUserId: 'x',
        },
      }),
    ).toEqual({ queue: false, agents: ['u1', 'u2'] });
    expect(
      liveStateMoved({
        type: 'conversation.unassigned',
        payload: {
          conversation: conv({ status: 'unassigned', assigneeId: null }),
          previousAssigneeId: 'u1',
          reason: 'unassign',
          actorUserId: 'x',
        },
      }),
    ).toEqual({ queue: true, agents: ['u1'] });
    expect(
      liveStateMoved({
        type: 'conversation.transferred',
        payload: { conversation: conv(), fromUserId: 'u1', toUserId: null, toTeamId: 't', actorUserId: 'u1' },
      }),
    ).toEqual({ queue: true, agents: ['u1'] });
    expect(
      liveStateMoved({
        type: 'conversation.transferred',
        payload: { conversation: conv(), fromUserId: 'u1', toUserId: 'u1', toTeamId: 't', actorUserId: 'u1' },
      }),
    ).toEqual({ queue: false, agents: [] });
    expect(
      liveStateMoved({
        type: 'conversation.resolved',
        payload: { conversation: conv({ status: 'resolved' }), actorUserId: 'u1' },
      }),
    ).toEqual({ queue: false, agents: ['u1'] });
    expect(
      liveStateMoved({
        type: 'conversation.resolved',
        payload: { conversation: conv({ status: 'resolved', assigneeId: null }), actorUserId: 'x' },
      }),
    ).toEqual({ queue: true, agents: [] });
    expect(
      liveStateMoved({
        type: 'conversation.reopened',
        payload: { conversation: conv({ status: 'unassigned', assigneeId: null }), actorUserId: 'x' },
      }),
    ).toEqual({ queue: true, agents: [] });
    const message = { id: 'm', direction: 'inbound' as const, body: 'hi', createdAt: '' };
    expect(
      liveStateMoved({
        type: 'message.created',
        payload: { conversation: conv({ status: 'unassigned', assigneeId: null }), message },
      }).queue,
    ).toBe(true);
    expect(liveStateMoved({ type: 'message.created', payload: { conversation: conv(), message } }).queue).toBe(false);
  });
});
