import type { AppContext } from '../../infra/context.js';
import { DomainError } from '../../core/errors.js';
import { route } from '../route.js';
import { routingFor } from '../../routing/routing.module.js';
import { apiKeyAuth } from '../api-key.middleware.js';
import { inboundMessageBody, inboundResult } from '@switchboard/client-sdk/contract';
import { InboundService } from '../../modules/inbound/inbound.service.js';

export function inboundRoutes(ctx: AppContext) {
  const routing = routingFor(ctx);
  const service = new InboundService({
    em: () => ctx.orm.em.fork(),
    publish: (e) => routing.publisher.publish(e),
    requestRouting: (a, why) => routing.queue.requestRouting(a, why),
    onRoutingRequestFailed: (err) =>
      ctx.log.warn({ err }, 'could not enqueue routing; the sweep will route the conversation'),
  });
  return [
    route({
      method: 'post',
      path: '/v1/inbound/messages',
      tag: 'inbound',
      security: 'apiKey',
      summary: 'Receive a WhatsApp message (idempotent on providerMessageId): 201 when new, 200 when already received',
      before: [apiKeyAuth(ctx)],
      body: inboundMessageBody,
      response: inboundResult,
      status: 201,
      handler: async ({ body, res }) => {
        try {
          const r = await service.receive(res.locals.accountId as string, body, {
            apiKeyId: res.locals.apiKeyId as string,
          });
          res.status(r.duplicate ? 200 : 201).json(r);
        } catch (err) {
          if (err instanceof DomainError && err.code === 'unauthenticated')
            (res.locals.forgetApiKey as (() => void) | undefined)?.();
          throw err;
        }
      },
    }),
  ];
}
