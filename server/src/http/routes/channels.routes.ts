import type { AppContext } from '../../infra/context.js';
import { route } from '../route.js';
import { authOf } from '../auth.context.js';
import { requireMenu, requireSession } from '../auth.middleware.js';
import {
  channelDto,
  channelList,
  createChannelBody,
  deletedChannel,
  idParams,
  updateChannelBody,
} from '@switchboard/client-sdk/contract';
import { createChannel, deleteChannel, listChannels, updateChannel } from '../../modules/channels/channels.service.js';

/** The account's WhatsApp numbers (Integration menu). */
export function channelsRoutes(ctx: AppContext) {
  const em = () => ctx.orm.em;
  const integration = [requireSession(ctx), requireMenu('integration')];
  return [
    route({
      method: 'get',
      path: '/channels',
      tag: 'channels',
      summary: 'List the WhatsApp numbers of the account',
      security: 'session',
      before: integration,
      response: channelList,
      handler: ({ req }) => listChannels(em(), authOf(req).accountId),
    }),
    route({
      method: 'post',
      path: '/channels',
      tag: 'channels',
      summary: 'Add a WhatsApp number, optionally with a default team',
      security: 'session',
      before: integration,
      body: createChannelBody,
      status: 201,
      response: channelDto,
      handler: ({ req, body }) => createChannel(em(), authOf(req), body),
    }),
    route({
      method: 'patch',
      path: '/channels/:id',
      tag: 'channels',
      summary: 'Rename a channel or change its default team',
      security: 'session',
      before: integration,
      params: idParams,
      body: updateChannelBody,
      response: channelDto,
      handler: ({ req, params, body }) => updateChannel(em(), authOf(req), params.id, body),
    }),
    route({
      method: 'delete',
      path: '/channels/:id',
      tag: 'channels',
      summary: 'Delete a channel that has no conversations',
      security: 'session',
      before: integration,
      params: idParams,
      response: deletedChannel,
      handler: ({ req, params }) => deleteChannel(em(), authOf(req), params.id),
    }),
  ];
}
