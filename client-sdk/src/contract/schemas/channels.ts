import { z } from 'zod';

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{3,30}$/, 'Expected a phone number')
  .transform((p) => p.replace(/[^\d+]/g, ''));

export const createChannelBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  phoneNumber: phone,
  defaultTeamId: z.uuid().nullable().default(null),
});
export const updateChannelBody = z
  .strictObject({ name: z.string().trim().min(1).max(120).optional(), defaultTeamId: z.uuid().nullable().optional() })
  .refine((b) => b.name !== undefined || b.defaultTeamId !== undefined, 'Send name, defaultTeamId or both');
export const channelDto = z.object({
  id: z.uuid(),
  name: z.string(),
  phoneNumber: z.string(),
  defaultTeamId: z.uuid().nullable(),
  createdAt: z.string(),
});
export const channelList = z.object({ items: z.array(channelDto) });
export const deletedChannel = z.object({ id: z.uuid() });
