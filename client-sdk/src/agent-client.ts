import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ErrorCode } from './contract/errors.js';
import type {
  AgentCapacityUpdate,
  ClientToServerEvents,
  ConnectErrorData,
  ConversationSummary,
  DurableEventType,
  EphemeralEventPayloads,
  EphemeralEventType,
  EventEnvelope,
  HandshakeAuth,
  PresenceState,
  ReplayBatch,
  ServerToClientEvents,
  SessionRescoped,
  SessionRevoked,
  SocketResult,
  TransferRequest,
} from './contract/events.js';

/** Where the last processed event id lives between connections (and, if the app wants, between page loads). */
export interface EventCursorStore {
  load(): string | null | undefined | Promise<string | null | undefined>;
  save(lastEventId: string): void | Promise<void>;
}

export function memoryCursorStore(initial: string | null = null): EventCursorStore {
  let value = initial;
  return { load: () => value, save: (id) => void (value = id) };
}

/** Everything `AgentClient.on` can listen to. Durable handlers may be async: the next event waits for them. */
export type AgentClientEvents = { [K in DurableEventType]: (envelope: EventEnvelope<K>) => void | Promise<void> } & {
  [K in EphemeralEventType]: (payload: EphemeralEventPayloads[K]) => void;
} & {
  /** After each (re)connect, once the missed events were delivered. */
  connected: (info: { replayed: number; lastEventId: string | null }) => void;
  disconnected: (reason: string) => void;
  /** The session is no longer valid (or 2FA became required): the client stops; sign in again. */
  revoked: (info: SessionRevoked) => void;
  /** The user's role changed; from now on they receive what the new role may see. */
  rescoped: (info: SessionRescoped) => void;
  /** A handler threw, or the cursor store failed. The event still counts as delivered. */
  error: (err: unknown) => void;
};
export type AgentClientEventName = keyof AgentClientEvents;

export class AgentConnectError extends Error {
  constructor(
    readonly code: ConnectErrorData['code'] | 'timeout' | 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'AgentConnectError';
  }
}

/** A socket call the server refused (validation, permission, not found…). */
export class SocketCallError extends Error {
  constructor(
    readonly code: ErrorCode | 'timeout',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'SocketCallError';
  }
}

export interface AgentClientOptions {
  /** The server's base URL (the same as the REST API). */
  url: string;
  /** A full session token (POST /auth/sign-in, after 2FA when required). */
  token: string;
  /** Defaults to memory: a reload then starts at the head of the log. */
  cursor?: EventCursorStore;
  /** How many recent event ids to remember for dropping duplicates. @default 10000 */
  dedupeWindow?: number;
  /** How long `connect()` waits for the first connection. @default 20000 */
  connectTimeoutMs?: number;
  /** How long a socket call (pause, resolve…) waits for its answer. @default 10000 */
  callTimeoutMs?: number;
  /** Passed to socket.io-client (reconnection delays, transports…). */
  socket?: Partial<ManagerOptions & SocketOptions>;
}

const DURABLE: readonly DurableEventType[] = [
  'conversation.assigned',
  'conversation.unassigned',
  'conversation.transferred',
  'conversation.resolved',
  'conversation.reopened',
  'message.created',
];
const EPHEMERAL: readonly EphemeralEventType[] = ['queue.counts', 'agent.load', 'agent.presence', 'agent.capacity'];

const newer = (a: string, b: string | null) => b === null || BigInt(a) > BigInt(b);

/**
 * An agent's (or admin's) live connection. Delivers every durable event the user may see exactly once and
 * in log order across reconnects: on each connect it sends the last processed id, the server replays what
 * was missed, live events that arrive meanwhile are held until the replay is done, and ids already seen are
 * dropped. Events are acknowledged once their handlers finished.
 */
export class AgentClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly opts: AgentClientOptions;
  private readonly cursor: EventCursorStore;
  private readonly listeners = new Map<AgentClientEventName, Set<(...args: never[]) => unknown>>();
  private readonly seen = new Set<string>();
  private last: string | null = null;
  private replaying = true;
  /** Bumped on every (re)connect, so work queued for an old connection does not end a new one's replay. */
  private generation = 0;
  private replayed = 0;
  private held: EventEnvelope[] = [];
  /** Durable deliveries run one after another, so async handlers see events in order. */
  private chain: Promise<void> = Promise.resolve();
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private revoked = false;

  constructor(opts: AgentClientOptions) {
    this.opts = opts;
    this.cursor = opts.cursor ?? memoryCursorStore();
    this.socket = io(opts.url, {
      autoConnect: false,
      transports: ['websocket'],
      ...opts.socket,
      // A function, so every reconnect sends the cursor as it is then.
      auth: (cb) => cb({ token: this.opts.token, lastEventId: this.last } satisfies HandshakeAuth),
    });
    for (const type of DURABLE) this.socket.on(type, (env: EventEnvelope) => this.onLive(env));
    for (const type of EPHEMERAL)
      this.socket.on(type, (payload: EphemeralEventPayloads[typeof type]) =>
        (this.emitLocal as (e: string, p: unknown) => void)(type, payload),
      );
    this.socket.on('events.replay', (batch, ack) => this.onReplay(batch, ack));
    this.socket.on('session.revoked', (info) => this.onRevoked(info));
    this.socket.on('session.rescoped', (info) => this.emitLocal('rescoped', info));
    this.socket.on('connect', () => this.startReplay());
    this.socket.on('disconnect', (reason) => {
      this.startReplay();
      this.emitLocal('disconnected', reason);
      // The server closes a socket itself only to revoke it, or when it could not replay: retry the latter.
      if (reason === 'io server disconnect' && !this.revoked && !this.stopped)
        setTimeout(() => this.socket.connect(), 200);
    });
    this.socket.on('connect_error', (err) => {
      const code = (err as Error & { data?: ConnectErrorData }).data?.code;
      if (code === 'unauthenticated' || code === 'enroll_2fa_first') this.onRevoked({ code, message: err.message });
      // The stored cursor is unusable (say, corrupted storage): go on with live events rather than retry it forever.
      if (code === 'validation_failed' && this.last !== null && !this.stopped) {
        this.last = null;
        setTimeout(() => this.socket.connect(), 200);
      }
    });
  }

  /** Creates a client and waits until it is connected and caught up. */
  static async connect(opts: AgentClientOptions): Promise<AgentClient> {
    const c = new AgentClient(opts);
    await c.connect();
    return c;
  }

  /** The last durable event id processed (what the next reconnect resumes after). */
  get lastEventId(): string | null {
    return this.last;
  }

  get connected(): boolean {
    return this.socket.connected && !this.replaying;
  }

  async connect(): Promise<void> {
    this.last = (await this.cursor.load()) ?? this.last;
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        offConnected();
        offRevoked();
        if (err) {
          this.close();
          reject(err);
        } else resolve();
      };
      const timer = setTimeout(
        () => done(new AgentConnectError('timeout', 'Could not connect in time')),
        this.opts.connectTimeoutMs ?? 20_000,
      );
      const offConnected = this.on('connected', () => done());
      const offRevoked = this.on('revoked', (info) => done(new AgentConnectError(info.code, info.message)));
      this.socket.connect();
    });
  }

  /** Listens to an event; returns a function that stops listening. */
  on<E extends AgentClientEventName>(event: E, handler: AgentClientEvents[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(handler);
    return () => void set.delete(handler);
  }

  /** Stop receiving new conversations (connected agents stay visible as paused). */
  pause(): Promise<PresenceState> {
    return this.call('presence.pause');
  }
  resume(): Promise<PresenceState> {
    return this.call('presence.resume');
  }
  /** Admins only. */
  setCapacity(userId: string, capacity: number | null): Promise<AgentCapacityUpdate> {
    return this.call('capacity.set', { userId, capacity });
  }
  resolve(conversationId: string): Promise<ConversationSummary> {
    return this.call('conversation.resolve', { conversationId });
  }
  transfer(req: TransferRequest): Promise<ConversationSummary> {
    return this.call('conversation.transfer', req);
  }

  close(): void {
    this.stopped = true;
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.socket.disconnect();
  }

  private async call<T>(event: keyof ClientToServerEvents, ...args: unknown[]): Promise<T> {
    let r: SocketResult<T>;
    try {
      // The typed overloads cannot follow a generic event name; the public methods above carry the types.
      r = await (
        this.socket.timeout(this.opts.callTimeoutMs ?? 10_000).emitWithAck as (
          ev: string,
          ...a: unknown[]
        ) => Promise<SocketResult<T>>
      )(event, ...args);
    } catch {
      throw new SocketCallError('timeout', `${event}: no answer from the server`);
    }
    if (!r.ok) throw new SocketCallError(r.error.code, r.error.message, r.error.details);
    return r.data;
  }

  private startReplay(): void {
    this.generation++;
    this.replaying = true;
    this.replayed = 0;
    // Anything held but not delivered is after the cursor, so the coming replay brings it again.
    this.held = [];
  }

  private onLive(env: EventEnvelope): void {
    if (this.replaying) this.held.push(env);
    else this.deliver(env);
  }

  private onReplay(batch: ReplayBatch, ack: () => void): void {
    const generation = this.generation;
    for (const env of batch.events) this.deliver(env, true);
    this.chain = this.chain.then(async () => {
      if (generation !== this.generation) return;
      // The ack paces the server: the next batch comes once this one was handled.
      if (typeof ack === 'function') ack();
      if (!batch.done) return;
      // Every visible event up to upTo was in the replay, so the cursor may move there even if none was.
      if (batch.upTo && newer(batch.upTo, this.last)) {
        this.last = batch.upTo;
        await this.save();
      }
      const held = this.held.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      this.held = [];
      this.replaying = false;
      for (const env of held) this.deliver(env);
      this.emitLocal('connected', { replayed: this.replayed, lastEventId: this.last });
    });
  }

  private deliver(env: EventEnvelope, fromReplay = false): void {
    this.chain = this.chain.then(async () => {
      if (this.seen.has(env.id)) return;
      this.remember(env.id);
      if (fromReplay) this.replayed++;
      for (const h of [...(this.listeners.get(env.type) ?? [])]) {
        try {
          await (h as (e: EventEnvelope) => unknown)(env);
        } catch (err) {
          this.emitLocal('error', err);
        }
      }
      if (newer(env.id, this.last)) {
        this.last = env.id;
        await this.save();
      }
      this.scheduleAck();
    });
  }

  private remember(id: string): void {
    this.seen.add(id);
    const max = this.opts.dedupeWindow ?? 10_000;
    if (this.seen.size > max) {
      // Sets iterate in insertion order: drop the oldest.
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  private async save(): Promise<void> {
    if (this.last === null) return;
    try {
      await this.cursor.save(this.last);
    } catch (err) {
      this.emitLocal('error', err);
    }
  }

  /** One cumulative ack per burst rather than one per event. */
  private scheduleAck(): void {
    if (this.ackTimer) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = null;
      if (this.last && this.socket.connected) this.socket.emit('events.ack', { lastEventId: this.last });
    }, 25);
  }

  private onRevoked(info: SessionRevoked): void {
    if (this.revoked) return;
    this.revoked = true;
    this.stopped = true;
    this.socket.disconnect();
    this.emitLocal('revoked', info);
  }

  private emitLocal<E extends AgentClientEventName>(event: E, ...args: Parameters<AgentClientEvents[E]>): void {
    for (const h of [...(this.listeners.get(event) ?? [])]) {
      try {
        (h as (...a: unknown[]) => unknown)(...args);
      } catch (err) {
        if (event !== 'error') this.emitLocal('error', err);
      }
    }
  }
}
