import { z } from 'zod';

export const liveness = z.object({ status: z.literal('ok') });
