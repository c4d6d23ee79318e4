import { Box, List, Paper, Stack, Text, Title } from '@mantine/core';
import { ApiError, type EventEnvelope } from '@switchboard/client-sdk';
import { explainHistory, type Explained, type Names } from '@switchboard/client-sdk/contract';
import { useMemo } from 'react';
import { useLiveEvent } from '../lib/live.js';
import { formatPrecise } from '../lib/format.js';
import { useApiQuery } from '../lib/query.js';
import { EmptyState, ErrorState, Loading } from './PageState.js';

/** Candidate sentences listed per decision before "and N more": enough to see why, few enough to read. */
const CANDIDATES_SHOWN = 12;

/** The candidates behind a decision, folded away: the summary says what happened, this says who else there was. */
function Candidates({ e, winner }: { e: Explained; winner: boolean }) {
  const total = e.candidates.length + e.more;
  if (!total) return null;
  return (
    <Box component="details" mt={4}>
      <Text component="summary" size="sm" c="dimmed" style={{ cursor: 'pointer' }}>
        {winner ? `Who else was considered (${total})` : `Who was considered (${total})`}
      </Text>
      <List size="sm" spacing={2} mt={4} withPadding>
        {e.candidates.map((c, i) => (
          <List.Item key={i}>{c}</List.Item>
        ))}
        {e.more > 0 && <List.Item>…and {e.more} more</List.Item>}
      </List>
    </Box>
  );
}

const when = formatPrecise;

/** A move of this conversation changes its routing story: read it again. */
function useRefetchOnMove(conversationId: string, refetch: () => unknown) {
  const onMove = (env: EventEnvelope) => {
    if (env.payload.conversation.id === conversationId) void refetch();
  };
  useLiveEvent('conversation.assigned', onMove);
  useLiveEvent('conversation.unassigned', onMove);
  useLiveEvent('conversation.transferred', onMove);
  useLiveEvent('conversation.resolved', onMove);
  useLiveEvent('conversation.reopened', onMove);
}

/**
 * "Why this agent": a conversation's routing history as sentences (the client-sdk's renderer, so the wording is
 * the API's), newest first, and for a waiting conversation why it waits right now. Names are those the server
 * lets the caller see; `names` adds any the embedding screen already knows. Live: a move of this conversation
 * reads it again.
 */
export function RoutingHistory({ conversationId, names }: { conversationId: string; names?: Names }) {
  const q = useApiQuery('GET /conversations/:id/routing', { params: { id: conversationId } });
  useRefetchOnMove(conversationId, q.refetch);
  const read = useMemo(() => {
    if (!q.data) return null;
    const merged: Names = {
      users: { ...names?.users, ...q.data.names.users },
      teams: { ...names?.teams, ...q.data.names.teams },
    };
    return explainHistory(q.data, merged, { limit: CANDIDATES_SHOWN });
  }, [q.data, names]);

  if (q.isPending) return <Loading label="Reading the routing history…" />;
  if (q.error) {
    if (q.error instanceof ApiError && q.error.status === 404)
      return <EmptyState>This conversation does not exist, or your role may not see it.</EmptyState>;
    return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  }
  if (!read || (!read.current && !read.events.length))
    return <EmptyState>No routing decision yet: this conversation has not been routed.</EmptyState>;
  return <RoutingStory read={read} currentAssigned={q.data?.current?.kind === 'assigned'} />;
}

/** The sentences themselves, apart from loading them: what a person reads, in the order they read it. */
export function RoutingStory({
  read,
  currentAssigned,
}: {
  read: ReturnType<typeof explainHistory>;
  currentAssigned: boolean;
}) {
  return (
    <Stack gap="sm" aria-label="Routing history" role="region">
      {read.current && (
        <Paper
          withBorder
          p="sm"
          role="status"
          style={{ borderLeft: '4px solid var(--mantine-color-orange-8)' }}
          aria-label="Waiting now"
        >
          <Text size="sm" fw={600}>
            Waiting now
          </Text>
          <Text size="sm" data-testid="routing-now">
            {read.current.summary}
          </Text>
          <Candidates e={read.current} winner={currentAssigned} />
        </Paper>
      )}
      {read.events.length > 0 && (
        <Title order={2} size="h5">
          History, newest first
        </Title>
      )}
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {[...read.events].reverse().map((e) => (
          <Paper key={e.id} component="li" withBorder p="sm" data-testid={`routing-event-${e.id}`}>
            <Text size="xs" c="dimmed">
              <time dateTime={e.at}>{when(e.at)}</time>
            </Text>
            <Text size="sm">{e.summary}</Text>
            <Candidates e={e} winner={e.kind === 'auto'} />
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
