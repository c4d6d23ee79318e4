import type {
  ConversationDetail,
  ConversationMessage,
  ConversationPage,
  ConversationSummary,
  ListConversationsQuery,
  MessageCreated,
} from '@switchboard/client-sdk';

/**
 * How socket events land in cached REST answers. Every durable event carries the conversation's whole summary
 * as of that event, so a cached list is patched by putting the summary where it belongs (or taking it out),
 * keyed by conversation id: applying an event twice, or an event whose effect a refetch already shows, changes
 * nothing. That is what makes the SDK's replay after a reconnect safe to apply as it comes.
 */

export interface Viewer {
  userId: string;
  /** GET /me permissions.visibility: 'own' sees what is assigned to them or whose contact they own. */
  visibility: 'all' | 'own';
}

export const canSee = (v: Viewer, s: ConversationSummary): boolean =>
  v.visibility === 'all' || s.assigneeId === v.userId || s.contactOwnerId === v.userId;

/** Whether the server would list `s` for a `GET /conversations` with this query, for this viewer. */
export function belongsTo(query: ListConversationsQuery | undefined, s: ConversationSummary, v: Viewer): boolean {
  if (!canSee(v, s)) return false;
  const q = query ?? {};
  const status = q.unassigned ? 'unassigned' : q.status;
  if (status && s.status !== status) return false;
  if (q.assigneeId && s.assigneeId !== q.assigneeId) return false;
  if (q.teamId && s.teamId !== q.teamId) return false;
  if (q.channelId && s.channelId !== q.channelId) return false;
  return true;
}

/** The server's order for lists: newest first, ties by id (descending). */
function newerFirst(a: ConversationSummary, b: ConversationSummary): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

const SUMMARY_FIELDS = [
  'channelId',
  'contactId',
  'contactName',
  'contactPhone',
  'contactOwnerId',
  'teamId',
  'priority',
  'status',
  'assigneeId',
  'queuedAt',
  'createdAt',
] as const satisfies ReadonlyArray<keyof ConversationSummary>;

const sameSummary = (a: ConversationSummary, b: ConversationSummary) => SUMMARY_FIELDS.every((k) => a[k] === b[k]);

/**
 * The page with `s` in its place when `keep`, without it otherwise. The same object comes back when nothing
 * changed, so an event that repeats what the cache shows renders nothing. A conversation that sorts after
 * the last item of a page with more pages belongs to a later page and is left out.
 */
export function mergeSummary(page: ConversationPage, s: ConversationSummary, keep: boolean): ConversationPage {
  const at = page.items.findIndex((i) => i.id === s.id);
  if (!keep) return at < 0 ? page : { ...page, items: page.items.filter((i) => i.id !== s.id) };
  if (at >= 0 && sameSummary(page.items[at], s)) return page;
  const rest = at < 0 ? page.items : page.items.filter((i) => i.id !== s.id);
  const last = rest[rest.length - 1];
  if (at < 0 && page.nextCursor !== null && last && newerFirst(s, last) > 0) return page;
  const pos = rest.findIndex((i) => newerFirst(s, i) < 0);
  const items = pos < 0 ? [...rest, s] : [...rest.slice(0, pos), s, ...rest.slice(pos)];
  return { ...page, items };
}

/** The detail with the event's summary fields (status, assignee, team…); the same object if none changed. */
export function mergeDetail(detail: ConversationDetail, s: ConversationSummary): ConversationDetail {
  if (detail.id !== s.id || sameSummary(detail, s)) return detail;
  return { ...detail, ...s };
}

/** The detail with one more message, in id order (ids grow with time); unchanged if it is already there. */
export function mergeMessage(detail: ConversationDetail, m: ConversationMessage): ConversationDetail {
  if (detail.messages.some((x) => x.id === m.id)) return detail;
  const id = BigInt(m.id);
  const pos = detail.messages.findIndex((x) => BigInt(x.id) > id);
  const messages =
    pos < 0 ? [...detail.messages, m] : [...detail.messages.slice(0, pos), m, ...detail.messages.slice(pos)];
  return {
    ...detail,
    messages,
    lastMessageAt: m.createdAt > detail.lastMessageAt ? m.createdAt : detail.lastMessageAt,
  };
}

/** A `message.created` event's message in the REST message shape (inbound messages have no author). */
export const messageOf = (m: MessageCreated['message']): ConversationMessage => ({
  id: m.id,
  direction: m.direction,
  body: m.body,
  authorId: m.authorId ?? null,
  authorName: m.authorName ?? null,
  createdAt: m.createdAt,
});
