import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '@switchboard/client-sdk/contract';
import type { NewRealtimeEvent } from '../../server/src/realtime/event-log.js';
import { liveStateMoved } from '../../server/src/realtime/live-state.js';

// The checks that matter here run in `npm run typecheck`: each @ts-expect-error must stay an error, so the
// union keyed by event type keeps refusing a payload or an audience that does not belong to the type.
const conversation = { id: 'c', status: 'unassigned', assigneeId: null } as ConversationSummary;

describe('durable event types', () => {
  it('pair each type with its own payload and audience', () => {
    const reopened: NewRealtimeEvent = {
      type: 'conversation.reopened',
      conversationId: 'c',
      audienceUserIds: [],
      audienceAll: true,
      payload: { conversation, actorUserId: null },
    };
    // @ts-expect-error a reopened payload under the assigned type (no assignee)
    const wrongPayload: NewRealtimeEvent = {
      type: 'conversation.assigned',
      conversationId: 'c',
      audienceUserIds: [],
      audienceAll: true,
      payload: { conversation, actorUserId: null },
    };
    const adminOnly: NewRealtimeEvent<'conversation.resolved'> = {
      type: 'conversation.resolved',
      conversationId: 'c',
      audienceUserIds: [],
      audienceAll: true,
      // @ts-expect-error conversation events are never admin-only
      adminOnly: true,
      payload: { conversation, actorUserId: null },
    };
    expect(liveStateMoved(reopened)).toEqual({ queue: true, agents: [] });
    expect([wrongPayload, adminOnly]).toHaveLength(2);
  });
});
