import type { ConversationSummary, RequestInput } from '@switchboard/client-sdk';
import { useApiQuery } from '../../lib/query.js';
import { useMe } from '../../lib/session.js';
import type { Viewer } from './merge.js';

/** Enough for any capacity an agent works with; the lists are patched live, never polled. */
const LIST_LIMIT = 200;

/** My conversations: assigned to me and not resolved (what my capacity counts). */
export const mineInput = (userId: string): RequestInput<'GET /conversations'> => ({
  query: { assigneeId: userId, status: 'assigned', limit: LIST_LIMIT },
});
/** The Unassigned queue as far as I may see it (the server scopes it by role). */
export const queueInput: RequestInput<'GET /conversations'> = { query: { status: 'unassigned', limit: LIST_LIMIT } };

export function useViewer(): Viewer {
  const me = useMe();
  return { userId: me.user.id, visibility: me.permissions.visibility };
}

export const useMine = () => useApiQuery('GET /conversations', mineInput(useMe().user.id));
export const useQueue = () => useApiQuery('GET /conversations', queueInput);

export const isMine = (s: ConversationSummary, v: Viewer) => s.status === 'assigned' && s.assigneeId === v.userId;
