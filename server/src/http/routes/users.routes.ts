import type { AppContext } from '../../infra/context.js';
import { route } from '../route.js';
import { authOf } from '../auth.context.js';
import { requireMenu, requireSession } from '../auth.middleware.js';
import {
  capacityBody,
  emptyBody,
  idParams,
  listUsersQuery,
  ownershipDto,
  removedUser,
  updateUserBody,
  userDto,
  userPage,
} from '@switchboard/client-sdk/contract';
import {
  getUser,
  listUsers,
  removeUser,
  transferOwnership,
  updateUser,
  type UsersDeps,
} from '../../modules/users/users.service.js';
import { setCapacityLive } from '../../modules/users/capacity.service.js';
import { routingFor } from '../../routing/routing.module.js';

/** Users & teams is an Admin menu (docs/model.md, Roles): every route checks the session, then the menu. */
export function usersRoutes(ctx: AppContext, deps: UsersDeps) {
  const em = () => ctx.orm.em;
  const admin = [requireSession(ctx), requireMenu('users_teams')];
  return [
    route({
      method: 'get',
      path: '/users',
      tag: 'users',
      summary: 'List the users of the account',
      security: 'session',
      before: admin,
      query: listUsersQuery,
      response: userPage,
      handler: ({ req, query }) => listUsers(em(), authOf(req).accountId, query),
    }),
    route({
      method: 'get',
      path: '/users/:id',
      tag: 'users',
      summary: 'Read one user',
      security: 'session',
      before: admin,
      params: idParams,
      response: userDto,
      handler: ({ req, params }) => getUser(em(), authOf(req).accountId, params.id),
    }),
    route({
      method: 'patch',
      path: '/users/:id',
      tag: 'users',
      summary: 'Change role and/or teams (the email cannot be changed); signs the user out everywhere',
      security: 'session',
      before: admin,
      params: idParams,
      body: updateUserBody,
      response: userDto,
      // The service tells the gateways (deps.onUsersChanged) once the change committed, only if something changed.
      handler: ({ req, params, body }) => updateUser(em(), authOf(req), params.id, body, deps),
    }),
    route({
      method: 'put',
      path: '/users/:id/capacity',
      tag: 'users',
      summary: 'Set the reception capacity (null = unlimited, 0 = nothing automatic)',
      security: 'session',
      before: admin,
      params: idParams,
      body: capacityBody,
      response: userDto,
      handler: async ({ req, params, body }) => {
        // The same rule as the socket's capacity.set, including the admins' live view.
        await setCapacityLive({ em: em(), publisher: routingFor(ctx).publisher, users: deps }, authOf(req), {
          userId: params.id,
          capacity: body.capacity,
        });
        return getUser(em(), authOf(req).accountId, params.id);
      },
    }),
    route({
      method: 'delete',
      path: '/users/:id',
      tag: 'users',
      summary: 'Remove a user permanently; their ongoing conversations go back to Unassigned',
      security: 'session',
      before: admin,
      params: idParams,
      response: removedUser,
      handler: ({ req, params }) => removeUser(em(), authOf(req), params.id, deps),
    }),
    route({
      method: 'post',
      path: '/users/:id/transfer-ownership',
      tag: 'users',
      summary: 'Make this active user the owner (owner only); the former owner stays an Admin',
      security: 'session',
      before: admin,
      params: idParams,
      body: emptyBody,
      response: ownershipDto,
      handler: ({ req, params }) => transferOwnership(em(), authOf(req), params.id, deps),
    }),
  ];
}
