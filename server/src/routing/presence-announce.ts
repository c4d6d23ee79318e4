import type { PresenceState } from '@switchboard/client-sdk/contract';
import type { RealtimePublisher } from '../realtime/publisher.js';
import type { PresenceStore } from './presence.js';

/**
 * Tells the load board an agent's presence as the store has it now, with since when, and returns it. The gateway
 * (sockets) and PUT /me/availability (REST heartbeats) both call it on a change, so the board sees either kind.
 */
export async function announcePresence(
  presence: Pick<PresenceStore, 'status' | 'noteStatus'>,
  publisher: Pick<RealtimePublisher, 'toLoadBoard'>,
  accountId: string,
  userId: string,
): Promise<PresenceState> {
  const s = await presence.status(accountId, userId);
  const state = { connected: s.connected, paused: s.paused, available: s.connected && !s.paused };
  const status = state.available ? 'available' : state.connected ? 'paused' : 'offline';
  const since = await presence.noteStatus(accountId, userId, status);
  publisher.toLoadBoard(accountId, 'agent.presence', {
    userId,
    ...state,
    since: new Date(since).toISOString(),
    at: new Date().toISOString(),
  });
  return state;
}
