import { z } from 'zod';

export const apiKeyDto = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const apiKeyList = z.object({ items: z.array(apiKeyDto) });
export const createApiKeyBody = z.strictObject({ name: z.string().trim().min(1).max(120) });
export const createdApiKey = apiKeyDto.extend({ key: z.string() });
