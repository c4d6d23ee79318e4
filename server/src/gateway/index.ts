import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import type { AppContext } from '../infra/context.js';
import { createRedis } from '../infra/redis.js';
import { safeRoutingHook } from '../modules/users/routing-hook.js';
import type { RealtimePublisher } from '../realtime/publisher.js';
import type { UserChangedNotice } from '../realtime/revocation.js';
import { roomsForUser } from '../realtime/rooms.js';
import { routingFor } from '../routing/routing.module.js';
import { handleSocketCalls, type ConversationActions } from './calls.js';
import { authenticateHandshakes } from './handshake.js';
import { PresenceLeases, type GatewayPresence, type RequestRouting } from './presence.js';
import { recordAcks, replay } from './replay.js';
import { SocketRevocation } from './revocation.js';
import type { GatewayServer } from './socket.js';

/** Defaults come from routing (`routingFor(ctx)`); tests may substitute any of them. */
export interface GatewayOptions {
  presence?: GatewayPresence;
  publisher?: RealtimePublisher;
  requestRouting?: RequestRouting;
  conversations?: ConversationActions;
}

export interface Gateway {
  io: GatewayServer;
  /** Re-checks this node's sockets of one user (or of a whole account) now. */
  revalidate(notice: UserChangedNotice): Promise<void>;
  close(): Promise<void>;
}

/**
 * The Socket.IO gateway of one server node. Fan-out across nodes goes through the Redis pub/sub adapter
 * (the same channel the workers' emitter publishes on). Durable events are replayed from `realtime_events`
 * on every connect, since this adapter has no connection-state recovery.
 */
export function attachGateway(http: HttpServer, ctx: AppContext, opts: GatewayOptions = {}): Gateway {
  const { config, log } = ctx;
  const em = () => ctx.orm.em.fork();
  const routing = routingFor(ctx);
  const publisher = opts.publisher ?? routing.publisher;
  const requestRouting: RequestRouting =
    opts.requestRouting ?? ((accountId, reason) => routing.queue.requestRouting(accountId, reason));
  const conversations: ConversationActions = opts.conversations ?? {
    resolve: (auth, req) => routing.actions.resolve(auth, req.conversationId),
    transfer: (auth, req) => routing.actions.transfer(auth, req.conversationId, req),
  };

  const pub = createRedis(config.REDIS_URL, { name: 'sio-pub' });
  const sub = pub.duplicate({ connectionName: 'sio-sub' });
  const notices = pub.duplicate({ connectionName: 'sio-notices' });
  const io: GatewayServer = new Server(http, {
    adapter: createAdapter(pub, sub, { key: ctx.keys.socketIoPrefix }),
    serveClient: false,
    // Bearer tokens in the handshake, no cookies: any origin may connect, the token decides.
    cors: { origin: '*' },
  });
  const users = { onRoutingNeeded: safeRoutingHook(requestRouting, log) };

  let closing = false;
  const fail = (what: string) => (err: unknown) => {
    if (!closing) log.error({ err }, `gateway: ${what} failed`);
  };
  const presence = new PresenceLeases({
    presence: opts.presence ?? routing.presence,
    publisher,
    requestRouting,
    graceMs: config.PRESENCE_GRACE_MS,
    fail,
    isClosing: () => closing,
  });
  const revocation = new SocketRevocation({ em, presence, fail, revalidateMs: config.SOCKET_REVALIDATE_MS });

  authenticateHandshakes(io, { em, log });

  io.on('connection', (socket) => {
    const auth = () => socket.data.auth;
    // Join before the replay reads the log, so nothing committed in between can fall through the gap.
    void socket.join(roomsForUser(auth()));
    presence.track(socket);

    recordAcks(socket);
    handleSocketCalls(socket, { em, log, publisher, presence, conversations, users });
    socket.on('disconnect', () => presence.untrack(socket));

    void presence.lease(auth().accountId, [auth().userId]).catch(fail('presence lease'));
    replay(socket, em()).catch((err) => {
      if (!socket.connected) return;
      log.warn({ err, userId: auth().userId }, 'gateway: replay failed; closing the socket so the client retries');
      socket.disconnect(true);
    });
  });

  presence.start();
  revocation.start(notices, ctx.keys.userChangedChannel);

  return {
    io,
    revalidate: (notice) => revocation.revalidate(notice),
    async close() {
      closing = true;
      presence.stop();
      revocation.stop();
      // Resolves once sockets, engine and adapter are closed; the shared HTTP server's own close is the caller's.
      await io.close();
      notices.disconnect();
      sub.disconnect();
      pub.disconnect();
    },
  };
}
