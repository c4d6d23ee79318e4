import type { DurableEventPayloads, DurableEventType } from '@switchboard/client-sdk/contract';

/** A durable event's type with its own payload: switching on `type` narrows the payload without a cast. */
type TypedPayload = { [K in DurableEventType]: { type: K; payload: DurableEventPayloads[K] } }[DurableEventType];

/**
 * What live state a committed event moved. Read from the event itself, since every change of a
 * conversation writes one: the queue moves when a conversation enters or leaves Unassigned, and the
 * ledger of the agents who gained or lost an ongoing conversation.
 */
export function liveStateMoved(e: TypedPayload): { queue: boolean; agents: string[] } {
  const some = (...ids: Array<string | null | undefined>) => ids.filter((id): id is string => !!id);
  const { type, payload } = e;
  switch (type) {
    case 'conversation.assigned':
      return {
        queue: payload.previousAssigneeId === null,
        agents: some(payload.assigneeId, payload.previousAssigneeId),
      };
    case 'conversation.unassigned':
      return { queue: true, agents: some(payload.previousAssigneeId) };
    case 'conversation.transferred': {
      const agents = payload.fromUserId === payload.toUserId ? [] : some(payload.fromUserId, payload.toUserId);
      return { queue: payload.toUserId === null, agents };
    }
    case 'conversation.resolved':
      // The summary keeps the assignee it had: none means it was resolved straight from Unassigned.
      return { queue: payload.conversation.assigneeId === null, agents: some(payload.conversation.assigneeId) };
    case 'conversation.reopened':
      return { queue: true, agents: [] };
    case 'message.created':
      // A message on a waiting conversation may have opened it.
      return { queue: payload.conversation.status === 'unassigned', agents: [] };
    default:
      return { queue: false, agents: [] };
  }
}
