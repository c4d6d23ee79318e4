import { useQueryClient } from '@tanstack/react-query';
import type { LoadBoard } from '@switchboard/client-sdk';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLiveEvent } from '../../lib/live.js';
import { apiKey, useApiQuery } from '../../lib/query.js';
import { applyBoardEvents, type BoardEvent } from './board-state.js';

const BOARD = apiKey('GET /load-board');

/**
 * The board: read once over REST, then kept current by the socket. Events are queued and applied together on the
 * next animation frame, so 200 updates a second cost at most one cache write (and one render) per frame. Nothing
 * polls: a reconnect reads the board again, since live state missed meanwhile is never replayed.
 */
export function useLoadBoard() {
  const qc = useQueryClient();
  const board = useApiQuery('GET /load-board', undefined, { staleTime: Infinity });
  const pending = useRef<BoardEvent[]>([]);
  const frame = useRef<number | null>(null);
  const hasBoard = board.data !== undefined;

  const flush = useCallback(() => {
    frame.current = null;
    // Before the first answer there is nothing to patch: keep the events, the answer may predate some of them.
    if (qc.getQueryData<LoadBoard>(BOARD) === undefined || !pending.current.length) return;
    const batch = pending.current;
    pending.current = [];
    let missing = false;
    qc.setQueryData<LoadBoard>(BOARD, (old) => {
      if (!old) return old;
      const next = applyBoardEvents(old, batch, Date.now());
      missing = next.missing;
      return next.board;
    });
    if (missing) void qc.invalidateQueries({ queryKey: BOARD });
  }, [qc]);

  const push = useCallback(
    (e: BoardEvent) => {
      pending.current.push(e);
      frame.current ??= requestAnimationFrame(flush);
    },
    [flush],
  );

  useEffect(() => {
    if (hasBoard) frame.current ??= requestAnimationFrame(flush);
  }, [hasBoard, flush]);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
    },
    [],
  );

  useLiveEvent('agent.load', (payload) => push({ type: 'agent.load', payload }));
  useLiveEvent('agent.presence', (payload) => push({ type: 'agent.presence', payload }));
  useLiveEvent('agent.capacity', (payload) => push({ type: 'agent.capacity', payload }));
  useLiveEvent('queue.counts', (payload) => push({ type: 'queue.counts', payload }));
  useLiveEvent('conversation.assigned', (env) => push({ type: 'assigned', at: env.at }));

  const wasDown = useRef(false);
  useLiveEvent('disconnected', () => {
    wasDown.current = true;
  });
  useLiveEvent('connected', () => {
    if (!wasDown.current) return;
    wasDown.current = false;
    void qc.invalidateQueries({ queryKey: BOARD });
  });

  return board;
}

/** The current time, every `ms`: for ages on screen ("waiting 3 min"). A clock, not a poll: nothing is fetched. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
