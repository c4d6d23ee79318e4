import type { QueryClient } from '@tanstack/react-query';
import type {
  ConversationDetail,
  ConversationMessage,
  ConversationPage,
  ConversationSummary,
  RequestInput,
} from '@switchboard/client-sdk';
import { apiKey } from '../../lib/query.js';
import { belongsTo, canSee, mergeDetail, mergeMessage, mergeSummary, type Viewer } from './merge.js';
import { isMine, mineInput } from './queries.js';

export const detailKey = (id: string) => apiKey('GET /conversations/:id', { params: { id } });

/**
 * Puts a conversation's latest summary into every cached conversation list and its cached detail. A list
 * whose request is in flight is fetched again: its answer may predate this event and would undo the patch.
 * Returns whether the conversation was, and now is, one of mine (for the unread mark).
 */
export function applySummary(
  qc: QueryClient,
  s: ConversationSummary,
  v: Viewer,
): { wasMine: boolean; nowMine: boolean } {
  const mine = qc.getQueryData<ConversationPage>(apiKey('GET /conversations', mineInput(v.userId)));
  const wasMine = !!mine?.items.some((i) => i.id === s.id);
  for (const q of qc.getQueryCache().findAll({ queryKey: ['GET /conversations'] })) {
    const input = q.queryKey[1] as RequestInput<'GET /conversations'> | undefined;
    const page = q.state.data as ConversationPage | undefined;
    if (page) {
      const next = mergeSummary(page, s, belongsTo(input?.query, s, v));
      if (next !== page) qc.setQueryData(q.queryKey, next);
    }
    if (q.state.fetchStatus === 'fetching') void qc.invalidateQueries({ queryKey: q.queryKey, exact: true });
  }
  if (canSee(v, s)) qc.setQueryData<ConversationDetail>(detailKey(s.id), (d) => d && mergeDetail(d, s));
  // Out of sight now (a Sale user's conversation transferred away): the detail answers 404 from here on.
  else void qc.invalidateQueries({ queryKey: detailKey(s.id), exact: true });
  return { wasMine, nowMine: isMine(s, v) };
}

export function applyMessage(qc: QueryClient, conversationId: string, m: ConversationMessage): void {
  qc.setQueryData<ConversationDetail>(detailKey(conversationId), (d) => d && mergeMessage(d, m));
}

/**
 * After an action of this page: the lists and the detail are read again instead of taking in the action's
 * answer. The answer is the state at the action's commit; a socket event of a later commit (routing handing a
 * conversation on at once) may already be in the cache, and writing the older answer over it would undo it.
 */
export function refreshConversation(qc: QueryClient, id: string): void {
  void qc.invalidateQueries({ queryKey: ['GET /conversations'] });
  void qc.invalidateQueries({ queryKey: detailKey(id), exact: true });
}
