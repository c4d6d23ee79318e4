import { z } from 'zod';
import { plainText } from './text.js';

export const apiKeyDto = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const apiKeyList = z.object({ items: z.array(apiKeyDto) });
export const createApiKeyBody = z.strictObject({ name: plainText(120, 'The name') });
export const createdApiKey = apiKeyDto.extend({ key: z.string() });
