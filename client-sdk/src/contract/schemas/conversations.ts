import { z } from 'zod';
import type { ConversationStatus } from '../events.js';
import { plainText } from './text.js';
import { ROLES } from './users.js';
import { routingDecision, routingExplanation } from './explanations.js';

export const CONVERSATION_STATUSES = [
  'unassigned',
  'assigned',
  'resolved',
] as const satisfies readonly ConversationStatus[];

export const conversationParams = z.strictObject({ id: z.uuid('Must be a conversation id (UUID)') });

const boolish = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listConversationsQuery = z.strictObject({
  status: z.enum(CONVERSATION_STATUSES).optional(),
  assigneeId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  channelId: z.uuid().optional(),
  /** Shorthand for status=unassigned. */
  unassigned: boolish.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^[0-9]{1,20}:[0-9a-f-]{36}$/, 'Must be the nextCursor of a previous page')
    .optional(),
});

export const summaryDto = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  contactId: z.uuid(),
  contactName: z.string(),
  contactPhone: z.string(),
  contactOwnerId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
  priority: z.number().int(),
  status: z.enum(CONVERSATION_STATUSES),
  assigneeId: z.uuid().nullable(),
  queuedAt: z.string(),
  createdAt: z.string(),
});
export const conversationPage = z.object({ items: z.array(summaryDto), nextCursor: z.string().nullable() });

export const messageDto = z.object({
  id: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  body: z.string(),
  authorId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
});
export const conversationDetail = summaryDto.extend({ messages: z.array(messageDto), lastMessageAt: z.string() });

/** The assignee's reply. Line breaks and tabs are kept; other control characters are refused. */
export const replyBody = z.strictObject({ text: plainText(4096, 'The message', { multiline: true }) });
export const listMessagesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page: the messages after it. */
  after: z
    .string()
    .regex(/^[0-9]{1,19}$/, 'Must be the nextCursor of a previous page')
    .optional(),
});
/** Oldest first. */
export const messagePage = z.object({ items: z.array(messageDto), nextCursor: z.string().nullable() });

/** Whom the caller may hand a conversation to: the account's active users and its teams. */
export const transferTargets = z.object({
  users: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.enum(ROLES), teamIds: z.array(z.uuid()) })),
  teams: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

export const emptyActionBody = z.strictObject({}).optional();
export const assignBody = z.strictObject({
  userId: z.uuid('Must be a user id (UUID)'),
  /** Admin and Inbox Manager only; recorded on the assignment event. */
  capacityOverride: z.boolean().default(false),
});
export const transferBody = z
  .strictObject({ toUserId: z.uuid().optional(), toTeamId: z.uuid().optional() })
  .refine((b) => b.toUserId || b.toTeamId, 'Give toUserId, toTeamId or both');

export const routingHistory = z.object({
  conversationId: z.uuid(),
  events: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      kind: z.string(),
      reason: z.string(),
      fromUserId: z.uuid().nullable(),
      fromUserName: z.string().nullable(),
      toUserId: z.uuid().nullable(),
      toUserName: z.string().nullable(),
      actorUserId: z.uuid().nullable(),
      actorName: z.string().nullable(),
      toTeamId: z.uuid().nullable(),
      capacityOverride: z.boolean(),
      explanation: routingExplanation.nullable(),
    }),
  ),
  /** For a waiting conversation: what routing would decide right now, and why (nothing is written). */
  current: routingDecision.nullable(),
  /**
   * Names of the people and teams the explanations mention, as far as the caller may see them (a Sale user sees
   * only the names of those who handled this conversation); an id missing here reads as "an agent".
   */
  names: z.object({ users: z.record(z.string(), z.string()), teams: z.record(z.string(), z.string()) }),
});
