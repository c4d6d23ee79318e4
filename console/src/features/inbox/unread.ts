import { useSyncExternalStore } from 'react';

/**
 * Conversations the agent has not opened since something new arrived in them (a new assignment, a customer's
 * message). Client state, not server state: it lives here rather than in the query cache, and it is per tab.
 */
let unread: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();

const set = (next: ReadonlySet<string>) => {
  unread = next;
  for (const l of listeners) l();
};

export const unreadStore = {
  mark(id: string): void {
    if (!unread.has(id)) set(new Set([...unread, id]));
  },
  clear(id: string): void {
    if (unread.has(id)) set(new Set([...unread].filter((x) => x !== id)));
  },
  reset(): void {
    if (unread.size) set(new Set());
  },
  subscribe: (l: () => void): (() => void) => {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
};

export const useUnread = (): ReadonlySet<string> => useSyncExternalStore(unreadStore.subscribe, () => unread);
