import { z } from 'zod';

export const AVAILABILITY_STATUSES = ['available', 'paused', 'offline'] as const;
export type AvailabilityStatus = (typeof AVAILABILITY_STATUSES)[number];

export const availabilityBody = z.strictObject({
  /** available: receive conversations; paused: connected but nothing new; offline: gone now. */
  status: z.enum(AVAILABILITY_STATUSES),
});
export const availabilityDto = z.object({
  status: z.enum(AVAILABILITY_STATUSES),
  expiresAt: z.string().nullable(),
  heartbeatEveryMs: z.number(),
});
