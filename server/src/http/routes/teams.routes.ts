import type { AppContext } from '../../infra/context.js';
import { route } from '../route.js';
import { authOf } from '../auth.context.js';
import { requireMenu, requireSession } from '../auth.middleware.js';
import { idParams } from '@switchboard/client-sdk/contract';
import {
  createTeamBody,
  deletedTeam,
  renameTeamBody,
  teamDto,
  teamList,
  teamMembersBody,
} from '@switchboard/client-sdk/contract';
import {
  createTeam,
  deleteTeam,
  getTeam,
  listTeams,
  renameTeam,
  setTeamMembers,
  type TeamsDeps,
} from '../../modules/teams/teams.service.js';

export function teamsRoutes(ctx: AppContext, deps: TeamsDeps) {
  const em = () => ctx.orm.em;
  const admin = [requireSession(ctx), requireMenu('users_teams')];
  return [
    route({
      method: 'get',
      path: '/teams',
      tag: 'teams',
      summary: 'List the teams of the account with their members',
      security: 'session',
      before: admin,
      response: teamList,
      handler: ({ req }) => listTeams(em(), authOf(req).accountId),
    }),
    route({
      method: 'get',
      path: '/teams/:id',
      tag: 'teams',
      summary: 'Read one team',
      security: 'session',
      before: admin,
      params: idParams,
      response: teamDto,
      handler: ({ req, params }) => getTeam(em(), authOf(req).accountId, params.id),
    }),
    route({
      method: 'post',
      path: '/teams',
      tag: 'teams',
      summary: 'Create a team with a name (unique ignoring case) and members',
      security: 'session',
      before: admin,
      body: createTeamBody,
      status: 201,
      response: teamDto,
      handler: ({ req, body }) => createTeam(em(), authOf(req), body, deps),
    }),
    route({
      method: 'patch',
      path: '/teams/:id',
      tag: 'teams',
      summary: 'Rename a team',
      security: 'session',
      before: admin,
      params: idParams,
      body: renameTeamBody,
      response: teamDto,
      handler: ({ req, params, body }) => renameTeam(em(), authOf(req), params.id, body.name),
    }),
    route({
      method: 'put',
      path: '/teams/:id/members',
      tag: 'teams',
      summary: 'Replace the members of a team',
      security: 'session',
      before: admin,
      params: idParams,
      body: teamMembersBody,
      response: teamDto,
      handler: ({ req, params, body }) => setTeamMembers(em(), authOf(req), params.id, body.memberIds, deps),
    }),
    route({
      method: 'delete',
      path: '/teams/:id',
      tag: 'teams',
      summary: 'Delete a team; its conversations keep no team',
      security: 'session',
      before: admin,
      params: idParams,
      response: deletedTeam,
      handler: ({ req, params }) => deleteTeam(em(), authOf(req), params.id, deps),
    }),
  ];
}
