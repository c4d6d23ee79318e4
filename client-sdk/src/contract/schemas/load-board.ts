import { z } from 'zod';
import { AVAILABILITY_STATUSES } from './availability.js';
import { ROLES } from './users.js';

/** The `queue.counts` event's payload (events.ts `QueueCounts`), as a schema for the REST snapshot. */
export const queueCountsDto = z.object({
  unassigned: z.number().int(),
  byTeam: z.record(z.string(), z.number().int()),
  byChannel: z.record(z.string(), z.number().int()),
  oldest: z.object({
    all: z.string().nullable(),
    byTeam: z.record(z.string(), z.string()),
    byChannel: z.record(z.string(), z.string()),
  }),
  at: z.string(),
});

export const loadBoardAgent = z.object({
  id: z.uuid(),
  /** The name, or the email of someone who has not set one. */
  name: z.string(),
  role: z.enum(ROLES),
  teamIds: z.array(z.uuid()),
  /** null = unlimited; 0 = receives nothing automatically. */
  capacity: z.number().int().nullable(),
  ongoing: z.number().int(),
  presence: z.enum(AVAILABILITY_STATUSES),
  /** Since when the agent has had this presence; null when the server has not seen the change (a lapsed lease). */
  presenceSince: z.string().nullable(),
});

/**
 * GET /load-board: the first paint of the live load board (issue 12). From then on the socket keeps it current:
 * `agent.load`, `agent.presence`, `agent.capacity`, `queue.counts`, and `conversation.assigned` for the rate.
 */
export const loadBoardDto = z.object({
  /** Every active user of the account, by name. */
  agents: z.array(loadBoardAgent),
  teams: z.array(z.object({ id: z.uuid(), name: z.string() })),
  channels: z.array(z.object({ id: z.uuid(), name: z.string(), phoneNumber: z.string() })),
  queue: queueCountsDto,
  /** Assignments of the last minute, per second: [epoch second, how many]. */
  recentAssignments: z.array(z.tuple([z.number().int(), z.number().int()])),
  /** Whether the caller may change capacity here (Admins; Inbox Managers watch). */
  canEditCapacity: z.boolean(),
  at: z.string(),
});
