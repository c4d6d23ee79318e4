import type { EntityManager } from '@mikro-orm/postgresql';
import { logHead, readVisibleEvents } from '../realtime/event-log.js';
import { eventsAck } from './schemas.js';
import type { GatewaySocket } from './socket.js';

const REPLAY_BATCH = 500;
const REPLAY_ACK_TIMEOUT_MS = 30_000;

/** Records the highest id the client acknowledged; acks are cumulative, so an older one changes nothing. */
export function recordAcks(socket: GatewaySocket): void {
  socket.on('events.ack', (a) => {
    const r = eventsAck.safeParse(a);
    if (!r.success) return;
    const acked = socket.data.ackedId;
    if (!acked || BigInt(r.data.lastEventId) > BigInt(acked)) socket.data.ackedId = r.data.lastEventId;
  });
}

/**
 * Sends what the socket missed since its `lastEventId`, in batches the client acknowledges. The socket's
 * rooms must be joined before this runs: every event committed after the head read here reaches it live.
 */
export async function replay(socket: GatewaySocket, db: EntityManager): Promise<void> {
  const { auth, lastEventId } = socket.data;
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
