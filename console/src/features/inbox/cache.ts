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

type Update = (old: never) => unknown;
/** Per query in flight, the patches made since it started, to apply again to its answer when it lands. */
const replays = new Map<string, Update[]>();
const watched = new WeakSet<QueryClient>();

function replayOnArrival(qc: QueryClient): void {
  if (watched.has(qc)) return;
  watched.add(qc);
  qc.getQueryCache().subscribe((e) => {
    if (e.type !== 'updated') return;
    const updates = replays.get(e.query.queryHash);
    if (!updates) return;
    if (e.action.type === 'error') replays.delete(e.query.queryHash);
    if (e.action.type !== 'success') return;
    replays.delete(e.query.queryHash);
    qc.setQueryData(e.query.queryKey, (old: unknown) =>
      old === undefined ? old : updates.reduce<unknown>((acc, u) => u(acc as never), old),
    );
  });
}

/**
 * Patches one cached answer. If its request is in flight, that answer may predate the event and would undo the
 * patch when it lands, so the patch is applied again to it then. (Refetching instead restarts the request on
 * every event: under a steady stream it never finishes and the page spends its time on requests.) Patches are
 * applied in log order and each carries the state as of its event, so replaying them ends at the latest one.
 */
function patch<T>(qc: QueryClient, key: QueryKey, update: (old: T) => T): void {
  qc.setQueryData<T>(key, (old) => (old === undefined ? old : update(old)));
  const query = qc.getQueryCache().find({ queryKey: key, exact: true });
  if (query?.state.fetchStatus !== 'fetching') return;
  replayOnArrival(qc);
  const updates = replays.get(query.queryHash) ?? [];
  updates.push(update);
  replays.set(query.queryHash, updates);
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
