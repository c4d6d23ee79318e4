import type { QueryClient, QueryKey } from '@tanstack/react-query';
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
 * Patches one cached answer. If its request is in flight, it is sent again: that answer may predate the event
 * and would undo the patch when it lands.
 */
function patch<T>(qc: QueryClient, key: QueryKey, update: (old: T) => T): void {
  qc.setQueryData<T>(key, (old) => (old === undefined ? old : update(old)));
  if (qc.getQueryState(key)?.fetchStatus === 'fetching') void qc.invalidateQueries({ queryKey: key, exact: true });
}

/**
 * Puts a conversation's latest summary into every cached conversation list and its cached detail. Returns
 * whether the conversation was, and now is, one of mine (for the unread mark).
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
    patch<ConversationPage>(qc, q.queryKey, (page) => mergeSummary(page, s, belongsTo(input?.query, s, v)));
  }
  if (canSee(v, s)) patch<ConversationDetail>(qc, detailKey(s.id), (d) => mergeDetail(d, s));
  // Out of sight now (a Sale user's conversation transferred away): the detail answers 404 from here on.
  else void qc.invalidateQueries({ queryKey: detailKey(s.id), exact: true });
  return { wasMine, nowMine: isMine(s, v) };
}

export function applyMessage(qc: QueryClient, conversationId: string, m: ConversationMessage): void {
  patch<ConversationDetail>(qc, detailKey(conversationId), (d) => mergeMessage(d, m));
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
