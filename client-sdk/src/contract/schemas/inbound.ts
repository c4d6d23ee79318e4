import { z } from 'zod';

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{3,30}$/, 'Expected a phone number');

export const inboundMessageBody = z
  .object({
    channel: z
      .object({ id: z.uuid().optional(), phone: phone.optional() })
      .refine((c) => c.id || c.phone, 'Give the channel id or phone'),
    contact: z.object({ phone, name: z.string().trim().max(200).default('') }),
    text: z.string().min(1).max(10_000),
    providerMessageId: z.string().trim().min(1).max(200),
    teamId: z.uuid().optional(),
    priority: z.number().int().min(0).max(10).default(0),
  })
  .strict();

export const inboundResult = z.object({
  duplicate: z.boolean(),
  messageId: z.string(),
  conversationId: z.uuid(),
  contactId: z.uuid(),
  conversationCreated: z.boolean(),
});
