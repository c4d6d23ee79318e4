/**
 * The socket wire contract, defined once: the server imports these names and types, and so does every
 * client. Durable events (conversation and message events) are written to the event log in the same
 * transaction as the change they describe, carry the log's id, and are replayed after a reconnect.
 */

export type ConversationStatus = 'unassigned' | 'assigned' | 'resolved';
export type AssignmentReason = 'auto' | 'pick' | 'assign' | 'transfer' | 'unassign' | 'resolve' | 'reopen' | 'requeue';

/** What an agent's inbox needs to show a conversation without another request. */
export interface ConversationSummary {
  id: string;
  channelId: string;
  contactId: string;
  contactName: string;
  contactPhone: string;
  contactOwnerId: string | null;
  teamId: string | null;
  priority: number;
  status: ConversationStatus;
  assigneeId: string | null;
  queuedAt: string;
  createdAt: string;
}

export interface ConversationAssigned {
  conversation: ConversationSummary;
  assigneeId: string;
  previousAssigneeId: string | null;
  reason: AssignmentReason;
  /** null for automatic routing. */
  actorUserId: string | null;
}
export interface ConversationUnassigned {
  conversation: ConversationSummary;
  previousAssigneeId: string;
  reason: AssignmentReason;
  actorUserId: string | null;
}
export interface ConversationTransferred {
  conversation: ConversationSummary;
  fromUserId: string | null;
  toUserId: string | null;
  toTeamId: string | null;
  actorUserId: string | null;
}
export interface ConversationResolved {
  conversation: ConversationSummary;
  actorUserId: string | null;
}
export interface ConversationReopened {
  conversation: ConversationSummary;
  actorUserId: string | null;
}
export interface MessageCreated {
  conversation: ConversationSummary;
  message: { id: string; direction: 'inbound' | 'outbound'; body: string; createdAt: string };
}

/** Durable event type → payload. Names are the strings stored in `realtime_events.type`. */
export interface DurableEventPayloads {
  'conversation.assigned': ConversationAssigned;
  'conversation.unassigned': ConversationUnassigned;
  'conversation.transferred': ConversationTransferred;
  'conversation.resolved': ConversationResolved;
  'conversation.reopened': ConversationReopened;
  'message.created': MessageCreated;
}
export type DurableEventType = keyof DurableEventPayloads;

export const DURABLE_EVENTS = {
  conversationAssigned: 'conversation.assigned',
  conversationUnassigned: 'conversation.unassigned',
  conversationTransferred: 'conversation.transferred',
  conversationResolved: 'conversation.resolved',
  conversationReopened: 'conversation.reopened',
  messageCreated: 'message.created',
} as const satisfies Record<string, DurableEventType>;

/** Every durable event on the wire: the log id (a decimal string: bigint), its type, when, and the payload. */
export interface EventEnvelope<T extends DurableEventType = DurableEventType> {
  id: string;
  type: T;
  at: string;
  payload: DurableEventPayloads[T];
}
