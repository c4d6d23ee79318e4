/**
 * The socket wire contract, defined once: the server imports these names and types, and so does every
 * client. Durable events (conversation and message events) are written to the event log in the same
 * transaction as the change they describe, carry the log's id, and are replayed after a reconnect.
 */

import type { ErrorCode } from './errors.js';

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
  message: {
    id: string;
    direction: 'inbound' | 'outbound';
    body: string;
    createdAt: string;
    /** Who wrote an outbound reply (absent on inbound messages and on events logged before replies existed). */
    authorId?: string | null;
    authorName?: string | null;
  };
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

// ---------------------------------------------------------------------------------------------------------
// Ephemeral events: current state, not history. They are never logged or replayed; a client that was away
// receives the next one (or reads the state over REST).

/**
 * Size of the Unassigned queue the recipient may see, in total, per team (`none` = no team) and per WhatsApp number
 * (channel id), with the oldest waiting conversation's `queuedAt` for each (absent when nothing waits there).
 */
export interface QueueCounts {
  unassigned: number;
  byTeam: Record<string, number>;
  byChannel: Record<string, number>;
  oldest: { all: string | null; byTeam: Record<string, string>; byChannel: Record<string, string> };
  at: string;
}
/** An agent's ongoing count against their capacity (null = unlimited). */
export interface AgentLoadUpdate {
  userId: string;
  ongoing: number;
  capacity: number | null;
  at: string;
}
/**
 * Load board watchers (Admins, Inbox Managers): the agents whose load changed since the previous `agent.load`,
 * each with its current value.
 * One event per refresh rather than one per agent, so a routing batch that touches 500 agents is one frame.
 */
export interface AgentLoadBatch {
  agents: AgentLoadUpdate[];
  at: string;
}
/**
 * Load board watchers: available = connected and not paused; only available agents receive conversations.
 * `since`: when the agent entered this state (earlier than `at` when the state was announced again).
 */
export interface AgentPresenceUpdate {
  userId: string;
  connected: boolean;
  paused: boolean;
  available: boolean;
  since: string;
  at: string;
}
/** Load board watchers: a capacity change, by whom (only Admins change capacity). */
export interface AgentCapacityUpdate {
  userId: string;
  capacity: number | null;
  previousCapacity: number | null;
  actorUserId: string | null;
  at: string;
}

export interface EphemeralEventPayloads {
  'queue.counts': QueueCounts;
  'agent.load': AgentLoadBatch;
  'agent.presence': AgentPresenceUpdate;
  'agent.capacity': AgentCapacityUpdate;
}
export type EphemeralEventType = keyof EphemeralEventPayloads;

export const EPHEMERAL_EVENTS = {
  queueCounts: 'queue.counts',
  agentLoad: 'agent.load',
  agentPresence: 'agent.presence',
  agentCapacity: 'agent.capacity',
} as const satisfies Record<string, EphemeralEventType>;

// ---------------------------------------------------------------------------------------------------------
// The connection protocol.

/** Sent in the Socket.IO handshake (`auth`). `lastEventId`: the last durable event id the client processed. */
export interface HandshakeAuth {
  token: string;
  lastEventId?: string | null;
}

/** Why a handshake or a live socket was refused; `connect_error.data.code` and `session.revoked.code`. */
export type SocketRefusalCode = 'unauthenticated' | 'enroll_2fa_first';
export interface ConnectErrorData {
  /** `validation_failed`: the handshake itself is malformed (e.g. `lastEventId` is not an event id); the session is fine. */
  code: SocketRefusalCode | 'internal' | 'validation_failed';
}

/**
 * After every (re)connect the server sends what the client missed, oldest first, in batches, then one
 * batch with `done: true`. `upTo` is the log position the replay covered: every visible event with an
 * id ≤ upTo was in it, every later one arrives live. Live events can arrive during the replay; the client
 * holds them until `done`.
 */
export interface ReplayBatch {
  events: EventEnvelope[];
  done: boolean;
  upTo: string | null;
}

/** The socket's session stopped being valid (sign-out, removal, 2FA now required): the server disconnects. */
export interface SessionRevoked {
  code: SocketRefusalCode;
  message: string;
}
/** The user's role changed: the server moved the socket to the rooms of the new role. */
export interface SessionRescoped {
  role: string;
  visibility: 'all' | 'own';
}

/** Every socket call answers through its acknowledgement with one of these. */
export type SocketResult<T> =
  { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

export interface PresenceState {
  connected: boolean;
  paused: boolean;
  available: boolean;
}
export interface CapacitySetRequest {
  userId: string;
  /** null = unlimited; 0 = receives nothing automatically. */
  capacity: number | null;
}
export interface ResolveRequest {
  conversationId: string;
}
/** Exactly one of toUserId / toTeamId. */
export type TransferRequest =
  | { conversationId: string; toUserId: string; toTeamId?: never }
  | { conversationId: string; toTeamId: string; toUserId?: never };

type Ack<T> = (result: SocketResult<T>) => void;

/** Durable events as Socket.IO handlers: the event name is the log's `type`, the argument its envelope. */
export type DurableEventHandlers = { [K in DurableEventType]: (envelope: EventEnvelope<K>) => void };
export type EphemeralEventHandlers = { [K in EphemeralEventType]: (payload: EphemeralEventPayloads[K]) => void };

/** Server → client: Socket.IO's typed event map, used by the server (`Server<…>`) and `socket.io-client`. */
export interface ServerToClientEvents extends DurableEventHandlers, EphemeralEventHandlers {
  'events.replay': (batch: ReplayBatch, ack: () => void) => void;
  'session.revoked': (info: SessionRevoked) => void;
  'session.rescoped': (info: SessionRescoped) => void;
}

/** Client → server. Every call with an acknowledgement answers a `SocketResult`. */
export interface ClientToServerEvents {
  /** The client processed every event up to this id (cumulative); the server records it for delivery lag. */
  'events.ack': (a: { lastEventId: string }) => void;
  'presence.pause': (ack: Ack<PresenceState>) => void;
  'presence.resume': (ack: Ack<PresenceState>) => void;
  /** Admins only. */
  'capacity.set': (req: CapacitySetRequest, ack: Ack<AgentCapacityUpdate>) => void;
  'conversation.resolve': (req: ResolveRequest, ack: Ack<ConversationSummary>) => void;
  'conversation.transfer': (req: TransferRequest, ack: Ack<ConversationSummary>) => void;
}

export const SOCKET_CALLS = {
  eventsAck: 'events.ack',
  presencePause: 'presence.pause',
  presenceResume: 'presence.resume',
  capacitySet: 'capacity.set',
  conversationResolve: 'conversation.resolve',
  conversationTransfer: 'conversation.transfer',
} as const satisfies Record<string, keyof ClientToServerEvents>;
