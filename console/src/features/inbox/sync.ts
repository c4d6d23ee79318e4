import { useEffect, useRef } from 'react';
import { notifyManager, useQueryClient } from '@tanstack/react-query';
import { useMatch } from 'react-router';
import type { AgentClient, ConversationSummary } from '@switchboard/client-sdk';
import { useAgentClient, useLiveEvent } from '../../lib/live.js';
import { applyMessage, applySummary } from './cache.js';
import { messageOf } from './merge.js';
import { useViewer } from './queries.js';
import { chime } from './sound.js';
import { unreadStore } from './unread.js';

/**
 * Socket → query cache for the inbox, mounted with the header so it runs on every screen: lists and the open
 * conversation stay current, and what arrives unseen is marked unread. Replayed events after a reconnect take
 * the same path as live ones; the merge is idempotent, so each lands once.
 */
export function useInboxSync(): void {
  const qc = useQueryClient();
  const viewer = useViewer();
  const client = useAgentClient();
  const open = useMatch('/inbox/:conversationId')?.params.conversationId;
  const primed = useRef<AgentClient | null>(null);

  // Marks belong to one signed-in socket; a new session starts without any.
  useEffect(() => unreadStore.reset(), [client]);
  useEffect(() => {
    if (open) unreadStore.clear(open);
  }, [open]);

  const onConversation = (s: ConversationSummary) => {
    const { wasMine, nowMine } = applySummary(qc, s, viewer);
    if (nowMine && !wasMine && s.id !== open) {
      unreadStore.mark(s.id);
      chime();
    }
    if (!nowMine) unreadStore.clear(s.id);
    return nowMine;
  };
  // Events are applied in log order, a frame's worth at a time: under a stream of assignments the page renders
  // once per frame instead of once per event. A hidden tab has no frames, and its title count must still move,
  // so there each event is applied at once.
  const queue = useRef<Array<() => void>>([]);
  const scheduled = useRef(false);
  const apply = (work: () => void) => {
    queue.current.push(work);
    if (document.hidden) return flush();
    if (scheduled.current) return;
    scheduled.current = true;
    requestAnimationFrame(flush);
  };
  const flush = () => {
    scheduled.current = false;
    const batch = queue.current.splice(0);
    notifyManager.batch(() => {
      for (const work of batch) work();
    });
  };
  const onSummary = (s: ConversationSummary) => apply(() => void onConversation(s));
  useLiveEvent('conversation.assigned', (e) => onSummary(e.payload.conversation));
  useLiveEvent('conversation.unassigned', (e) => onSummary(e.payload.conversation));
  useLiveEvent('conversation.transferred', (e) => onSummary(e.payload.conversation));
  useLiveEvent('conversation.resolved', (e) => onSummary(e.payload.conversation));
  useLiveEvent('conversation.reopened', (e) => onSummary(e.payload.conversation));
  useLiveEvent('message.created', (e) =>
    apply(() => {
      const { conversation: c, message } = e.payload;
      const mine = onConversation(c);
      applyMessage(qc, c.id, messageOf(message));
      if (mine && message.direction === 'inbound' && c.id !== open) unreadStore.mark(c.id);
    }),
  );
  // A new socket starts at the head of the log: whatever changed between the first REST answers and that
  // moment is read once over REST. Later reconnects replay what they missed instead.
  useLiveEvent('connected', () => {
    if (primed.current === client) return;
    primed.current = client;
    void qc.invalidateQueries({ queryKey: ['GET /conversations'] });
    void qc.invalidateQueries({ queryKey: ['GET /conversations/:id'] });
  });
}
