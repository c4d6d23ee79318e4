import { AgentClient } from '@switchboard/client-sdk';
import { DURABLE_EVENTS, type DurableEventType, type EventEnvelope } from '@switchboard/client-sdk/contract';

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
 * Reads a durable event however it is framed: an envelope `{ id, type, payload }` under any event name, or
 * the payload under the event's own name. The k6 scripts parse raw frames the same way
 * (load/k6/lib/scenarios.js, envelopeOf).
 */
export function asEnvelope(name: string, args: unknown[]): EventEnvelope | null {
  for (const a of args) {
    if (a && typeof a === 'object' && 'type' in a && 'payload' in a && durableTypes.has((a as EventEnvelope).type))
      return a as EventEnvelope;
  }
  const first = args[0];
  if (durableTypes.has(name) && first && typeof first === 'object') {
    const f = first as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
    return {
      id: text(f.id ?? f.eventId),
      type: name as DurableEventType,
      at: text(f.at),
      payload: (f.payload ?? f) as never,
    };
  }
  return null;
}

/**
 * One agent's live connection through the client-sdk's AgentClient (handshake `{ token, lastEventId }`,
 * replay after reconnect, duplicates dropped, cumulative acknowledgements), so the harness measures what an
 * agent app built on the SDK experiences.
 */
export class SocketAgent {
  readonly client: AgentClient;
  /** Conversation ids of every assignment frame that reached the raw socket, before the SDK's ordering and dedupe. */
  readonly rawAssigned = new Set<string>();
  /** How often the connection dropped (each drop is followed by a replay). */
  disconnects = 0;

  constructor(
    readonly baseUrl: string,
    readonly userId: string,
    readonly token: string,
    onAssigned: (r: Received) => void,
  ) {
    this.client = new AgentClient({
      url: baseUrl,
      token,
      socket: { reconnectionDelay: 200, reconnectionDelayMax: 2000 },
    });
    this.client.socket.on(DURABLE_EVENTS.conversationAssigned, (env: EventEnvelope<'conversation.assigned'>) => {
      if (env?.payload?.conversation?.id) this.rawAssigned.add(env.payload.conversation.id);
    });
    this.client.on('disconnected', () => void this.disconnects++);
    this.client.on(DURABLE_EVENTS.conversationAssigned, (env: EventEnvelope<'conversation.assigned'>) => {
      const p = env.payload;
      onAssigned({
        eventId: env.id || null,
        conversationId: p.conversation.id,
        assigneeId: p.assigneeId ?? p.conversation.assigneeId,
        contactPhone: p.conversation.contactPhone ?? null,
        at: env.at || null,
        receivedAt: performance.now(),
      });
    });
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  pause(): Promise<unknown> {
    return this.client.pause();
  }

  resume(): Promise<unknown> {
    return this.client.resume();
  }

  resolve(conversationId: string): Promise<unknown> {
    return this.client.resolve(conversationId);
  }

  close(): void {
    this.client.close();
  }
}
