import { z } from 'zod';

export const listContactsQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  ownerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const ownerBody = z.strictObject({ ownerId: z.uuid().nullable() });
export const contactDto = z.object({
  id: z.uuid(),
  phoneNumber: z.string(),
  name: z.string(),
  ownerId: z.uuid().nullable(),
  createdAt: z.string(),
});
export const contactList = z.object({ items: z.array(contactDto) });
