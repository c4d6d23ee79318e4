import { z } from 'zod';

/** A log id: bigint as a decimal string (what `EventEnvelope.id` carries). */
const eventId = z.string().regex(/^\d{1,19}$/, 'an event id (decimal digits)');

/** The handshake `auth` object (HandshakeAuth in client-sdk). Unknown keys are ignored, not refused. */
export const handshakeAuth = z.object({
  token: z.string().min(1).max(512),
  lastEventId: eventId.nullish(),
});

export const eventsAck = z.object({ lastEventId: eventId });

export const capacitySet = z.strictObject({
  userId: z.uuid(),
  capacity: z.number().int().min(0).max(10_000).nullable(),
});

export const resolveConversation = z.strictObject({ conversationId: z.uuid() });

export const transferConversation = z.union([
  z.strictObject({ conversationId: z.uuid(), toUserId: z.uuid() }),
  z.strictObject({ conversationId: z.uuid(), toTeamId: z.uuid() }),
]);
