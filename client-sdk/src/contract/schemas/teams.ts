import { z } from 'zod';
import { plainText } from './text.js';
import { ROLES, USER_STATUSES } from './users.js';

export const MAX_TEAM_MEMBERS_PER_REQUEST = 1000;

export const teamName = plainText(120, 'The team name');
export const memberIds = z
  .array(z.uuid('Must be a user id (UUID)'))
  .max(MAX_TEAM_MEMBERS_PER_REQUEST)
  .transform((ids) => [...new Set(ids)]);

export const createTeamBody = z.strictObject({ name: teamName, memberIds: memberIds.default([]) });
export const renameTeamBody = z.strictObject({ name: teamName });
export const teamMembersBody = z.strictObject({ memberIds });

export const teamDto = z.object({
  id: z.uuid(),
  name: z.string(),
  members: z.array(
    z.object({ id: z.uuid(), name: z.string(), email: z.string(), role: z.enum(ROLES), status: z.enum(USER_STATUSES) }),
  ),
  createdAt: z.string(),
});
export type TeamDto = z.output<typeof teamDto>;

export const teamList = z.object({ items: z.array(teamDto) });
export const deletedTeam = z.object({ id: z.uuid() });
