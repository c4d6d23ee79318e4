import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ConversationDetail, ConversationPage, ConversationSummary } from '@switchboard/client-sdk';
import {
  belongsTo,
  mergeDetail,
  mergeMessage,
  mergeSummary,
  messageOf,
  type Viewer,
} from '../../console/src/features/inbox/merge.js';

const ME = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const agent: Viewer = { userId: ME, visibility: 'all' };
const sale: Viewer = { userId: ME, visibility: 'own' };

const conv = (n: number, over: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
  channelId: '00000000-0000-4000-a000-000000000001',
  contactId: `00000000-0000-4000-b000-${String(n).padStart(12, '0')}`,
  contactName: `Contact ${n}`,
  contactPhone: `+1555000${n}`,
  contactOwnerId: null,
  teamId: null,
  priority: 0,
  status: 'assigned',
  assigneeId: ME,
  queuedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  ...over,
});
const page = (...items: ConversationSummary[]): ConversationPage => ({ items, nextCursor: null });
const ids = (p: ConversationPage) => p.items.map((i) => i.contactName);
const mineQuery = { assigneeId: ME, status: 'assigned' as const };

describe('mergeSummary', () => {
  it('inserts a new conversation in the server order (newest first) and replaces an older copy in place', () => {
    const p = page(conv(3), conv(1));
    expect(ids(mergeSummary(p, conv(2), true))).toEqual(['Contact 3', 'Contact 2', 'Contact 1']);
    expect(ids(mergeSummary(p, conv(4), true))).toEqual(['Contact 4', 'Contact 3', 'Contact 1']);
    const moved = mergeSummary(p, conv(1, { teamId: OTHER }), true);
    expect(moved.items).toHaveLength(2);
    expect(moved.items[1].teamId).toBe(OTHER);
  });

  it('takes a conversation out when it no longer belongs, and changes nothing when it was not there', () => {
    const p = page(conv(3), conv(1));
    expect(ids(mergeSummary(p, conv(3), false))).toEqual(['Contact 1']);
    expect(mergeSummary(p, conv(9), false)).toBe(p);
  });

  it('returns the same page for an event the cache already shows (no re-render)', () => {
    const p = page(conv(3), conv(1));
    expect(mergeSummary(p, conv(3), true)).toBe(p);
  });

  it('leaves out a conversation that sorts after the last item of a page with more pages', () => {
    const p: ConversationPage = { items: [conv(5), conv(4)], nextCursor: 'x' };
    expect(mergeSummary(p, conv(1), true)).toBe(p);
    expect(ids(mergeSummary(p, conv(6), true))).toEqual(['Contact 6', 'Contact 5', 'Contact 4']);
  });

  it('applies a replayed stream once: duplicates and repeats leave each conversation exactly once (random streams)', () => {
    const event = fc.record({
      n: fc.integer({ min: 1, max: 6 }),
      status: fc.constantFrom<'assigned' | 'unassigned' | 'resolved'>('assigned', 'unassigned', 'resolved'),
      assigneeId: fc.constantFrom<string | null>(ME, OTHER, null),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), fc.nat(), (events, from) => {
        const summaries = events.map((e) => conv(e.n, { status: e.status, assigneeId: e.assigneeId }));
        const apply = (p: ConversationPage, s: ConversationSummary) =>
          mergeSummary(p, s, belongsTo(mineQuery, s, agent));
        const once = summaries.reduce(apply, page());
        // A reconnect replays a suffix of what was already applied, and the SDK may deliver a repeat.
        const replayed = [...summaries, ...summaries.slice(from % (summaries.length + 1))];
        const twice = replayed.reduce(apply, page());
        expect(twice).toEqual(once);
        expect(new Set(once.items.map((i) => i.id)).size).toBe(once.items.length);
        const last = new Map(summaries.map((s) => [s.id, s]));
        const expected = [...last.values()].filter((s) => s.status === 'assigned' && s.assigneeId === ME);
        expect(once.items.map((i) => i.id).sort()).toEqual(expected.map((s) => s.id).sort());
      }),
    );
  });
});

describe('belongsTo', () => {
  it('follows the list query: status, the unassigned shorthand, assignee, team, channel', () => {
    expect(belongsTo(mineQuery, conv(1), agent)).toBe(true);
    expect(belongsTo(mineQuery, conv(1, { assigneeId: OTHER }), agent)).toBe(false);
    expect(belongsTo(mineQuery, conv(1, { status: 'resolved' }), agent)).toBe(false);
    const waiting = conv(1, { status: 'unassigned', assigneeId: null });
    expect(belongsTo({ unassigned: true }, waiting, agent)).toBe(true);
    expect(belongsTo({ status: 'unassigned', teamId: OTHER }, waiting, agent)).toBe(false);
    expect(belongsTo({ channelId: OTHER }, waiting, agent)).toBe(false);
    expect(belongsTo(undefined, waiting, agent)).toBe(true);
  });

  it("keeps what a Sale user may not see out of every list, as the server's visibility does", () => {
    const waiting = conv(1, { status: 'unassigned', assigneeId: null });
    expect(belongsTo({ status: 'unassigned' }, waiting, sale)).toBe(false);
    expect(belongsTo({ status: 'unassigned' }, { ...waiting, contactOwnerId: ME }, sale)).toBe(true);
    expect(belongsTo(undefined, conv(2, { assigneeId: OTHER }), sale)).toBe(false);
    expect(belongsTo(undefined, conv(2), sale)).toBe(true);
  });
});

describe('mergeMessage and mergeDetail', () => {
  const detail = (): ConversationDetail => ({
    ...conv(1),
    lastMessageAt: '2026-01-01T00:00:01.000Z',
    messages: [
      {
        id: '10',
        direction: 'inbound',
        body: 'hi',
        authorId: null,
        authorName: null,
        createdAt: '2026-01-01T00:00:01.000Z',
      },
      {
        id: '30',
        direction: 'inbound',
        body: 'hello?',
        authorId: null,
        authorName: null,
        createdAt: '2026-01-01T00:00:03.000Z',
      },
    ],
  });

  it('adds a message once, in id order (numerically: 9 before 10), however often it arrives', () => {
    const m = messageOf({ id: '20', direction: 'outbound', body: 'yes', createdAt: '2026-01-01T00:00:02.000Z' });
    const once = mergeMessage(detail(), m);
    expect(once.messages.map((x) => x.id)).toEqual(['10', '20', '30']);
    expect(mergeMessage(once, m)).toBe(once);
    const early = mergeMessage(once, { ...m, id: '9' });
    expect(early.messages.map((x) => x.id)).toEqual(['9', '10', '20', '30']);
    expect(mergeMessage(detail(), { ...m, id: '40', createdAt: '2026-01-01T00:00:04.000Z' }).lastMessageAt).toBe(
      '2026-01-01T00:00:04.000Z',
    );
  });

  it('fills a missing author with null, as REST does for inbound messages', () => {
    expect(messageOf({ id: '1', direction: 'inbound', body: 'x', createdAt: 't' })).toEqual({
      id: '1',
      direction: 'inbound',
      body: 'x',
      authorId: null,
      authorName: null,
      createdAt: 't',
    });
  });

  it('takes the new status from an event and keeps the messages; an equal summary changes nothing', () => {
    const d = detail();
    expect(mergeDetail(d, conv(1))).toBe(d);
    const resolved = mergeDetail(d, conv(1, { status: 'resolved' }));
    expect(resolved.status).toBe('resolved');
    expect(resolved.messages).toBe(d.messages);
    expect(mergeDetail(d, conv(2, { status: 'resolved' }))).toBe(d);
  });
});
