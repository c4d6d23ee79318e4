import type { Server as HttpServer } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import type {
  ClientToServerEvents, ConnectErrorData, ConversationSummary, PresenceState, ResolveRequest, ServerToClientEvents,
  SocketRefusalCode, SocketResult, TransferRequest,
} from '@switchboard/client-sdk/contract';
import type { AppContext } from '../infra/context.js';
import { DomainError, validation } from '../core/errors.js';
import { createRedis } from '../infra/redis.js';
import type { AuthContext } from '../modules/auth/auth.context.js';
import { PERMISSIONS } from '../core/permissions.js';
import { resolveSession } from '../modules/auth/session.service.js';
import { hashToken } from '../core/tokens.js';
import { setCapacityLive } from './capacity.service.js';
import { safeRoutingHook } from '../modules/users/routing-hook.js';
import { logHead, readVisibleEvents } from './event-log.js';
import type { RealtimePublisher } from './publisher.js';
import { parseNotice, type UserChangedNotice } from './revocation.js';
import { roomsForUser } from './rooms.js';
import { routingFor } from '../routing/routing.module.js';
import type { PresenceStore } from '../routing/presence.js';
import type { RoutingReason } from '../routing/routing.queue.js';
import { resolveSessionsByHash, type LiveSession } from '../modules/auth/session.service.js';
import * as schemas from './socket.schemas.js';

interface SocketData {
  auth: AuthContext;
  /** The session is re-checked by its token hash; the token itself is not kept. */
  tokenHash: string;
  lastEventId: string | null;
  /** Highest id the client acknowledged as processed. */
  ackedId: string | null;
  /** Set once the socket is being closed for revocation, so it is not revoked twice. */
  revoked?: boolean;
}

export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export type RequestRouting = (accountId: string, reason: RoutingReason) => Promise<void>;

/** Conversation actions offered over the socket; they go through routing's claim (DESIGN §4). */
export interface ConversationActions {
  resolve(auth: AuthContext, req: ResolveRequest): Promise<ConversationSummary>;
  transfer(auth: AuthContext, req: TransferRequest): Promise<ConversationSummary>;
}

/** What the gateway needs from routing's presence store: the keys and the rule live there, once. */
export type GatewayPresence = Pick<PresenceStore, 'heartbeatMany' | 'setPaused' | 'status'>;

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

const REPLAY_BATCH = 500;
const REPLAY_ACK_TIMEOUT_MS = 30_000;


function refusal(code: SocketRefusalCode | 'internal', message: string): Error {
  const err = new Error(message) as Error & { data: ConnectErrorData };
  err.data = { code };
  return err;
}

function toSocketError(err: unknown): Extract<SocketResult<never>, { ok: false }>['error'] {
  if (err instanceof DomainError) return { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  return { code: 'internal', message: 'Internal error' };
}

/**
 * The Socket.IO gateway of one server node. Fan-out across nodes goes through the Redis pub/sub adapter
 * (the same channel the workers' emitter publishes on). Durable events are replayed from `realtime_events`
 * on every connect, since this adapter has no connection-state recovery.
 */
export function attachGateway(http: HttpServer, ctx: AppContext, opts: GatewayOptions = {}): Gateway {
  const { config, log } = ctx;
  const em = () => ctx.orm.em.fork() as EntityManager;
  const routing = routingFor(ctx);
  const presence: GatewayPresence = opts.presence ?? routing.presence;
  const publisher = opts.publisher ?? routing.publisher;
  const requestRouting: RequestRouting = opts.requestRouting ?? ((accountId, reason) => routing.queue.requestRouting(accountId, reason));
  const conversations: ConversationActions = opts.conversations ?? {
    resolve: (auth, req) => routing.actions.resolve(auth, req.conversationId),
    transfer: (auth, req) => routing.actions.transfer(auth, req.conversationId, req),
  };

  // Presence is a lease: connected users are refreshed well before it lapses, so after the last socket closes
  // (or the node dies) the user stays available for about PRESENCE_GRACE_MS and no longer.
  const grace = config.PRESENCE_GRACE_MS;
  const refreshMs = Math.min(5_000, Math.max(200, Math.floor(grace / 3)));
  const leaseMs = Math.max(grace, 3 * refreshMs);

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

  /** userId → this node's sockets of that user, for presence leases and "last socket closed". */
  const local = new Map<string, { accountId: string; sockets: Set<GatewaySocket> }>();
  let closing = false;

  const fail = (what: string) => (err: unknown) => {
    if (!closing) log.error({ err }, `gateway: ${what} failed`);
  };

  io.use(async (socket, next) => {
    const parsed = schemas.handshakeAuth.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(refusal('unauthenticated', 'Send { token } in the handshake auth'));
    try {
      const auth = await resolveSession(em(), parsed.data.token);
      if (!auth || auth.stage !== 'full') return next(refusal('unauthenticated', 'Session is invalid, expired or revoked'));
      if (auth.enrollmentRequired) return next(refusal('enroll_2fa_first', 'This account requires two-factor authentication: enroll 2FA first'));
      const { stage: _stage, ...context } = auth;
      socket.data = { auth: context, tokenHash: hashToken(parsed.data.token), lastEventId: parsed.data.lastEventId ?? null, ackedId: null };
      next();
    } catch (err) {
      log.error({ err }, 'gateway: handshake failed');
      next(refusal('internal', 'Could not check the session'));
    }
  });

  async function presenceOf(accountId: string, userId: string): Promise<PresenceState> {
    const s = await presence.status(accountId, userId);
    return { connected: s.connected, paused: s.paused, available: s.connected && !s.paused };
  }

  async function announcePresence(accountId: string, userId: string): Promise<PresenceState> {
    const state = await presenceOf(accountId, userId);
    publisher.toAdmins(accountId, 'agent.presence', { userId, ...state, at: new Date().toISOString() });
    return state;
  }

  /** Leases presence for users; anyone who just became available gets routing to look for work for them. */
  async function lease(accountId: string, userIds: string[]): Promise<void> {
    const available = await presence.heartbeatMany(accountId, userIds, leaseMs);
    for (const userId of available) await announcePresence(accountId, userId);
    if (available.length) await requestRouting(accountId, 'agent_available');
  }

  function track(socket: GatewaySocket): void {
    const { userId, accountId } = socket.data.auth;
    let entry = local.get(userId);
    if (!entry) local.set(userId, (entry = { accountId, sockets: new Set() }));
    entry.sockets.add(socket);
  }

  function untrack(socket: GatewaySocket): void {
    const { userId, accountId } = socket.data.auth;
    const entry = local.get(userId);
    if (!entry) return;
    entry.sockets.delete(socket);
    if (entry.sockets.size || closing) return;
    local.delete(userId);
    // The last socket here: the lease runs out after the grace period unless another node (or a
    // reconnect) renews it; then admins learn the agent went away.
    void presence.heartbeatMany(accountId, [userId], grace).catch(fail('presence release'));
    const timer = setTimeout(() => {
      if (closing || local.has(userId)) return;
      void presenceOf(accountId, userId)
        .then((s) => { if (!s.connected) return announcePresence(accountId, userId); })
        .catch(fail('presence announcement'));
    }, grace + 50);
    timer.unref();
  }

  async function replay(socket: GatewaySocket): Promise<void> {
    const { auth, lastEventId } = socket.data;
    const db = em();
    // The rooms were joined before this read: every event committed after `upTo` reaches the socket live.
    const upTo = await logHead(db, auth.accountId);
    let cursor = lastEventId;
    for (;;) {
      // A client without a cursor starts at the head: it loads current state over REST, not history.
      const events = upTo && cursor ? await readVisibleEvents(db, auth, cursor, upTo, REPLAY_BATCH) : [];
      const done = events.length < REPLAY_BATCH;
      if (!socket.connected) return;
      // Waiting for the client's ack paces the replay to what the client can take.
      await socket.timeout(REPLAY_ACK_TIMEOUT_MS).emitWithAck('events.replay', { events, done, upTo });
      if (done) return;
      cursor = events[events.length - 1].id;
    }
  }

  function revoke(socket: GatewaySocket, code: SocketRefusalCode): void {
    if (socket.data.revoked) return;
    socket.data.revoked = true;
    const message = code === 'enroll_2fa_first'
      ? 'This account now requires two-factor authentication: enroll 2FA first'
      : 'Your session was revoked or your access changed: sign in again';
    socket.emit('session.revoked', { code, message });
    socket.disconnect(true);
  }

  /** Applies a fresh look at the socket's session: revoke, move to the rooms of a new role, or keep. */
  function apply(socket: GatewaySocket, fresh: LiveSession | undefined): void {
    if (!fresh || fresh.stage !== 'full') return revoke(socket, 'unauthenticated');
    if (fresh.enrollmentRequired) return revoke(socket, 'enroll_2fa_first');
    const { stage: _stage, ...auth } = fresh;
    const before = socket.data.auth;
    socket.data.auth = auth;
    if (before.role === auth.role) return;
    const want = new Set(roomsForUser(auth));
    for (const room of roomsForUser(before)) if (!want.has(room)) void socket.leave(room);
    void socket.join([...want]);
    socket.emit('session.rescoped', { role: auth.role, visibility: PERMISSIONS[auth.role].visibility });
  }

  async function revalidateSockets(sockets: GatewaySocket[]): Promise<void> {
    const live = sockets.filter((s) => s.connected && !s.data.revoked);
    for (let i = 0; i < live.length; i += 1000) {
      const chunk = live.slice(i, i + 1000);
      const fresh = await resolveSessionsByHash(em(), [...new Set(chunk.map((s) => s.data.tokenHash))]);
      for (const s of chunk) apply(s, fresh.get(s.data.tokenHash));
    }
  }

  async function revalidate(notice: UserChangedNotice): Promise<void> {
    const sockets: GatewaySocket[] = [];
    for (const [userId, entry] of local) {
      if (entry.accountId !== notice.accountId) continue;
      if (notice.userId && notice.userId !== userId) continue;
      sockets.push(...entry.sockets);
    }
    await revalidateSockets(sockets);
  }

  /** Runs a socket call and answers its acknowledgement with a SocketResult, whatever happens. */
  function answer<T>(ack: unknown, fn: () => Promise<T>): void {
    if (typeof ack !== 'function') return;
    Promise.resolve().then(fn).then(
      (data) => ack({ ok: true, data } satisfies SocketResult<T>),
      (err) => {
        if (!(err instanceof DomainError)) log.error({ err }, 'gateway: socket call failed');
        ack({ ok: false, error: toSocketError(err) } satisfies SocketResult<T>);
      },
    );
  }

  function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
    const r = schema.safeParse(value);
    if (!r.success) {
      const fields = r.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
      throw validation(`Invalid request: ${fields.map((f) => `${f.field || '(root)'}: ${f.message}`).join('; ')}`, { fields });
    }
    return r.data;
  }

  io.on('connection', (socket) => {
    const auth = () => socket.data.auth;
    // Join before the replay reads the log, so nothing committed in between can fall through the gap.
    void socket.join(roomsForUser(auth()));
    track(socket);

    socket.on('events.ack', (a) => {
      const r = schemas.eventsAck.safeParse(a);
      if (r.success && (!socket.data.ackedId || BigInt(r.data.lastEventId) > BigInt(socket.data.ackedId))) socket.data.ackedId = r.data.lastEventId;
    });
    socket.on('presence.pause', (ack) => answer(ack, async () => {
      await presence.setPaused(auth().accountId, auth().userId, true);
      return announcePresence(auth().accountId, auth().userId);
    }));
    socket.on('presence.resume', (ack) => answer(ack, async () => {
      const becameAvailable = await presence.setPaused(auth().accountId, auth().userId, false);
      const state = await announcePresence(auth().accountId, auth().userId);
      if (becameAvailable) await requestRouting(auth().accountId, 'agent_available');
      return state;
    }));
    socket.on('capacity.set', (req, ack) => answer(ack, () => setCapacityLive({ em: em(), publisher, users }, auth(), parse(schemas.capacitySet, req))));
    socket.on('conversation.resolve', (req, ack) => answer(ack, () => conversations.resolve(auth(), parse(schemas.resolveConversation, req))));
    socket.on('conversation.transfer', (req, ack) => answer(ack, () => conversations.transfer(auth(), parse(schemas.transferConversation, req) as TransferRequest)));
    socket.on('disconnect', () => untrack(socket));

    void lease(auth().accountId, [auth().userId]).catch(fail('presence lease'));
    replay(socket).catch((err) => {
      if (!socket.connected) return;
      log.warn({ err, userId: auth().userId }, 'gateway: replay failed; closing the socket so the client retries');
      socket.disconnect(true);
    });
  });

  const refresh = setInterval(() => {
    const byAccount = new Map<string, string[]>();
    for (const [userId, { accountId }] of local) byAccount.set(accountId, [...(byAccount.get(accountId) ?? []), userId]);
    for (const [accountId, userIds] of byAccount) void lease(accountId, userIds).catch(fail('presence refresh'));
  }, refreshMs);
  refresh.unref();

  // The safety net under the notices: every socket's session is re-checked on a short period.
  let revalidating = false;
  const recheck = setInterval(() => {
    if (revalidating) return;
    revalidating = true;
    const all = [...local.values()].flatMap((e) => [...e.sockets]);
    revalidateSockets(all).catch(fail('periodic re-validation')).finally(() => (revalidating = false));
  }, config.SOCKET_REVALIDATE_MS);
  recheck.unref();

  void notices.subscribe(ctx.keys.userChangedChannel).catch(fail('notice subscription'));
  notices.on('message', (_channel, raw: string) => {
    const notice = parseNotice(raw);
    if (notice) revalidate(notice).catch(fail('re-validation on notice'));
  });

  return {
    io,
    revalidate,
    async close() {
      closing = true;
      clearInterval(refresh);
      clearInterval(recheck);
      // Resolves once sockets, engine and adapter are closed; the shared HTTP server's own close is the caller's.
      await io.close();
      notices.disconnect();
      sub.disconnect();
      pub.disconnect();
    },
  };
}
