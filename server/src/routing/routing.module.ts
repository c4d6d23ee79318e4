import type { AppContext } from '../infra/context.js';
import { RealtimePublisher, realtimeEmitter } from '../realtime/publisher.js';
import { ConversationActions } from './conversation-actions.service.js';
import { PresenceStore } from './presence.js';
import { RouterService } from './router.service.js';
import { RoutingQueue } from './routing.queue.js';
import type { RoutingMetrics } from './routing.metrics.js';

/** Everything routing needs in a process, built once per AppContext (server node or worker). */
export interface Routing {
  presence: PresenceStore;
  queue: RoutingQueue;
  router: RouterService;
  actions: ConversationActions;
  /** The process's one way out to sockets (see RealtimePublisher). */
  publisher: RealtimePublisher;
}

const cache = new WeakMap<AppContext, Routing>();

/** `metrics` is taken from the first call (the worker passes its registry's routing metrics). */
export function routingFor(ctx: AppContext, opts: { metrics?: RoutingMetrics } = {}): Routing {
  let r = cache.get(ctx);
  if (!r) {
    const presence = new PresenceStore(ctx.redis, ctx.keys);
    const em = () => ctx.orm.em.fork();
    const publisher = new RealtimePublisher({
      target: realtimeEmitter(ctx.redis, ctx.keys, (err) =>
        ctx.log.warn({ err }, 'socket fan-out: PUBLISH failed; sockets replay the durable events when they reconnect'),
      ),
      redis: ctx.redis,
      keys: ctx.keys,
      em,
      log: ctx.log,
      coalesceMs: ctx.config.REALTIME_COALESCE_MS,
    });
    const queue = new RoutingQueue(ctx.redis, ctx.keys);
    const router = new RouterService({
      em,
      presence,
      publish: (e) => publisher.publish(e),
      batchSize: ctx.config.ROUTING_BATCH_SIZE,
      onBatch: (s) => {
        opts.metrics?.onBatch(s);
        ctx.log.debug(s, 'routing batch');
      },
    });
    const actions = new ConversationActions({
      em,
      publish: (e) => publisher.publish(e),
      requestRouting: (a, why) => queue.requestRouting(a, why),
    });
    r = { presence, queue, router, actions, publisher };
    cache.set(ctx, r);
  }
  return r;
}
