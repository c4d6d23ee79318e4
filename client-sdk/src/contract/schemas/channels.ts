import { z } from 'zod';
import { plainText } from './text.js';

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{3,30}$/, 'Expected a phone number, such as +1 555 0100')
  .transform((p) => p.replace(/[^\d+]/g, ''));

const channelName = plainText(120, 'The name');

export const createChannelBody = z.strictObject({
  name: channelName,
  phoneNumber: phone,
  defaultTeamId: z.uuid().nullable().default(null),
});
export const updateChannelBody = z
  .strictObject({ name: channelName.optional(), defaultTeamId: z.uuid().nullable().optional() })
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
