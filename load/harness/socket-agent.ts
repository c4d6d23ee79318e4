import { io, type Socket } from 'socket.io-client';
import { EVENTS } from '../shared/scenarios.js';
import { DURABLE_EVENTS, type ConversationAssigned, type DurableEventType, type EventEnvelope } from '../../client-sdk/src/events.js';

/** An assignment as an agent's socket saw it. */
export interface Received {
  eventId: string | null;
  conversationId: string;
  assigneeId: string;
  contactPhone: string | null;
  /** Commit time stamped by the server (wall clock), when the event carries one. */
  at: string | null;
  /** performance.now() on arrival. */
  receivedAt: number;
}

const durableTypes = new Set<string>(Object.values(DURABLE_EVENTS));

/**
 * Reads a durable event however the gateway frames it: an envelope `{ id, type, payload }` under any event
 * name, or the payload under the event's own name. Keeps the harness working across gateway revisions.
 */
export function asEnvelope(name: string, args: unknown[]): EventEnvelope | null {
  for (const a of args) {
    if (a && typeof a === 'object' && 'type' in a && 'payload' in a && durableTypes.has((a as EventEnvelope).type)) return a as EventEnvelope;
  }
  const first = args[0];
  if (durableTypes.has(name) && first && typeof first === 'object') {
    const f = first as Record<string, unknown>;
    return { id: String(f.id ?? f.eventId ?? ''), type: name as DurableEventType, at: String(f.at ?? ''), payload: (f.payload ?? f) as never };
  }
  return null;
}

/**
 * One agent's live connection: handshake `{ token, lastEventId }`, replay batches acknowledged, delivery
 * acknowledged cumulatively, and the last event id kept so a reconnect replays what was missed. The client-sdk's AgentClient does the same for apps.
 */
export class SocketAgent {
  readonly socket: Socket;
  lastEventId: string | null = null;
  private readonly seen = new Set<string>();
  private ackedId: string | null = null;
  private readonly ackTimer: NodeJS.Timeout;

  constructor(
    readonly baseUrl: string,
    readonly userId: string,
    readonly token: string,
    private readonly onAssigned: (r: Received) => void,
    private readonly onOther?: (e: EventEnvelope) => void,
  ) {
    this.socket = io(baseUrl, {
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 200,
      reconnectionDelayMax: 2000,
      auth: (cb) => cb({ token: this.token, lastEventId: this.lastEventId }),
    });
    this.socket.onAny((name: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (...a: unknown[]) => void) : null;
      if (name === EVENTS.replay) {
        // What we missed while away, oldest first, acknowledged batch by batch.
        const batch = args[0] as { events?: EventEnvelope[] } | undefined;
        for (const env of batch?.events ?? []) this.handle(env);
      } else {
        const env = asEnvelope(name, args);
        if (env) this.handle(env);
      }
      ack?.();
    });
    // The gateway records delivery from cumulative acks; one every 200 ms is enough and costs nothing.
    this.ackTimer = setInterval(() => {
      if (this.lastEventId && this.lastEventId !== this.ackedId && this.socket.connected) {
        this.ackedId = this.lastEventId;
        this.socket.emit(EVENTS.ack, { lastEventId: this.lastEventId });
      }
    }, 200);
    this.ackTimer.unref();
  }

  private handle(env: EventEnvelope): void {
    if (env.id) {
      // A replay after reconnect may resend what we already have: duplicates are harmless, count once.
      if (this.seen.has(env.id)) return;
      this.seen.add(env.id);
      this.lastEventId = env.id;
    }
    if (env.type === DURABLE_EVENTS.conversationAssigned) {
      const p = env.payload as ConversationAssigned;
      this.onAssigned({
        eventId: env.id || null,
        conversationId: p.conversation?.id,
        assigneeId: p.assigneeId ?? p.conversation?.assigneeId,
        contactPhone: p.conversation?.contactPhone ?? null,
        at: env.at || null,
        receivedAt: performance.now(),
      });
    } else {
      this.onOther?.(env);
    }
  }

  connect(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socket connect timed out for ${this.userId}`)), timeoutMs);
      this.socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.once('connect_error', (err: Error & { data?: unknown }) => {
        clearTimeout(timer);
        this.socket.disconnect();
        reject(new Error(`socket rejected for ${this.userId}: ${err.message} ${err.data ? JSON.stringify(err.data) : ''}`));
      });
      this.socket.connect();
    });
  }

  /** Emits with an acknowledgement (pause/resume take no payload); rejects on timeout or an error result. */
  async request(name: string, payload?: unknown, timeoutMs = 5000): Promise<unknown> {
    const s = this.socket.timeout(timeoutMs);
    const res = (payload === undefined ? await s.emitWithAck(name) : await s.emitWithAck(name, payload)) as { ok?: boolean; error?: unknown } | undefined;
    if (res && res.ok === false) throw new Error(`${name} refused: ${JSON.stringify(res.error)}`);
    return res;
  }

  close(): void {
    clearInterval(this.ackTimer);
    this.socket.disconnect();
  }
}
