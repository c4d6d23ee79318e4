import type { AppContext } from '../../infra/context.js';
import { route } from '../route.js';
import { authOf } from '../auth.context.js';
import { requireMenu, requireSession } from '../auth.middleware.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../modules/api-keys/api-keys.service.js';
import { apiKeyDto, apiKeyList, createApiKeyBody, createdApiKey, idParams } from '@switchboard/client-sdk/contract';

/** Account API keys for the inbound webhook (Developers menu: Admin, Developer). Stored hashed, shown once. */
export function apiKeysRoutes(ctx: AppContext) {
  const em = () => ctx.orm.em;
  const menu = [requireSession(ctx), requireMenu('developers')];
  return [
    route({
      method: 'get',
      path: '/api-keys',
      tag: 'developers',
      summary: 'List API keys (never the keys themselves)',
      security: 'session',
      before: menu,
      response: apiKeyList,
      handler: async ({ req }) => ({ items: await listApiKeys(em(), authOf(req)) }),
    }),
    route({
      method: 'post',
      path: '/api-keys',
      tag: 'developers',
      summary: 'Create an API key; the key is in this answer only',
      security: 'session',
      before: menu,
      body: createApiKeyBody,
      status: 201,
      response: createdApiKey,
      handler: ({ req, body }) => createApiKey(em(), authOf(req), body.name),
    }),
    route({
      method: 'delete',
      path: '/api-keys/:id',
      tag: 'developers',
      summary: 'Revoke an API key (immediately refused by the webhook)',
      security: 'session',
      before: menu,
      params: idParams,
      response: apiKeyDto,
      handler: ({ req, params }) => revokeApiKey(em(), authOf(req), params.id),
    }),
  ];
}
