import type { AppContext } from '../context.js';
import { EventPublisher } from '../realtime/publisher.js';
import { ConversationActions } from './conversation-actions.service.js';
import { PresenceStore } from './presence.js';
import { RouterService } from './router.service.js';
import { RoutingQueue } from './routing.queue.js';

/** Everything routing needs in a process, built once per AppContext (server node or worker). */
export interface Routing {
  presence: PresenceStore;
  queue: RoutingQueue;
  router: RouterService;
  actions: ConversationActions;
  publisher: EventPublisher;
}

const cache = new WeakMap<AppContext, Routing>();

export function routingFor(ctx: AppContext): Routing {
  let r = cache.get(ctx);
  if (!r) {
    const presence = new PresenceStore(ctx.redis, ctx.keys);
    const publisher = new EventPublisher(ctx.redis, ctx.keys.socketIoPrefix, ctx.log);
    const queue = new RoutingQueue(ctx.redis, ctx.keys);
    const em = () => ctx.orm.em.fork();
    const router = new RouterService({
      em, presence, publish: (e) => publisher.publish(e), batchSize: ctx.config.ROUTING_BATCH_SIZE,
      onBatch: (s) => ctx.log.debug(s, 'routing batch'),
    });
    const actions = new ConversationActions({ em, publish: (e) => publisher.publish(e), requestRouting: (a, why) => queue.requestRouting(a, why) });
    r = { presence, queue, router, actions, publisher };
    cache.set(ctx, r);
  }
  return r;
}
