import { Badge, Box, Button, Group, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, type ConversationDetail, type ConversationSummary } from '@switchboard/client-sdk';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.js';
import { RoutingHistory } from '../../components/RoutingHistory.js';
import { useApiMutation, useApiQuery } from '../../lib/query.js';
import { useMe } from '../../lib/session.js';
import { refreshConversation } from './cache.js';
import { timeOf } from './ConversationLists.js';
import { canSee } from './merge.js';
import { isMine, useViewer } from './queries.js';
import { ReplyBox } from './ReplyBox.js';
import { TransferDialog } from './TransferDialog.js';

function statusText(c: ConversationSummary, userId: string): string {
  if (c.status === 'resolved') return 'Resolved';
  if (c.status === 'unassigned') return 'Waiting in Unassigned';
  return c.assigneeId === userId ? 'Assigned to you' : 'Assigned to a colleague';
}

/** Pick, Resolve, Transfer, Unassign: each through the routing claim on the server, offered where it may succeed. */
function Actions({ c }: { c: ConversationSummary }) {
  const qc = useQueryClient();
  const me = useMe();
  const viewer = useViewer();
  const navigate = useNavigate();
  const [transferring, setTransferring] = useState(false);
  const apply = (s: ConversationSummary) => {
    refreshConversation(qc, s.id);
    if (!canSee(viewer, s)) void navigate('/inbox');
  };
  const onError = (what: string) => (e: Error) =>
    notifications.show({ color: 'red', message: `Could not ${what}: ${e.message}` });
  const pick = useApiMutation('POST /conversations/:id/pick', { onSuccess: apply });
  const resolve = useApiMutation('POST /conversations/:id/resolve', { onSuccess: apply });
  const unassign = useApiMutation('POST /conversations/:id/unassign', { onSuccess: apply });
  const input = { params: { id: c.id } };
  const manages = isMine(c, viewer) || me.permissions.assignOthers;
  const busy = pick.isPending || resolve.isPending || unassign.isPending;
  return (
    <Group gap="xs">
      {c.status === 'unassigned' && (
        <Button
          size="xs"
          loading={pick.isPending}
          disabled={busy}
          onClick={() => pick.mutate(input, { onError: onError('pick it') })}
        >
          Pick
        </Button>
      )}
      {c.status === 'assigned' && manages && (
        <>
          <Button size="xs" variant="default" disabled={busy} onClick={() => setTransferring(true)}>
            Transfer
          </Button>
          <Button
            size="xs"
            variant="default"
            loading={unassign.isPending}
            disabled={busy}
            onClick={() => unassign.mutate(input, { onError: onError('unassign it') })}
          >
            Unassign
          </Button>
        </>
      )}
      {c.status !== 'resolved' && manages && (
        <Button
          size="xs"
          loading={resolve.isPending}
          disabled={busy}
          onClick={() => resolve.mutate(input, { onError: onError('resolve it') })}
        >
          Resolve
        </Button>
      )}
      {transferring && <TransferDialog conversation={c} onClose={() => setTransferring(false)} />}
    </Group>
  );
}

function Messages({ detail }: { detail: ConversationDetail }) {
  const viewport = useRef<HTMLDivElement>(null);
  const count = detail.messages.length;
  // Follow the conversation: the newest message stays in view as messages arrive.
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [count]);
  if (!count) return <EmptyState>No messages yet.</EmptyState>;
  return (
    <ScrollArea.Autosize mah="calc(100vh - 400px)" viewportRef={viewport} type="auto">
      {/* Focusable, so a keyboard can scroll the history (it has nothing else to focus). */}
      <Stack gap="xs" role="log" aria-label="Messages" p={2} tabIndex={0}>
        {detail.messages.map((m) => {
          const out = m.direction === 'outbound';
          return (
            <Paper
              key={m.id}
              withBorder
              p="xs"
              maw="80%"
              data-testid="message"
              data-direction={m.direction}
              style={{
                alignSelf: out ? 'flex-end' : 'flex-start',
                background: out ? 'var(--mantine-color-default-hover)' : undefined,
              }}
            >
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {m.body}
              </Text>
              <Text size="xs" c="dimmed">
                {out ? (m.authorName ?? 'Agent') : detail.contactName || 'Customer'} · {timeOf(m.createdAt)}
              </Text>
            </Paper>
          );
        })}
      </Stack>
    </ScrollArea.Autosize>
  );
}

/** The routing story in sentences, read only when asked for (it is one more request per conversation). */
function WhyThisAgent({ conversationId }: { conversationId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Box>
      <Button variant="subtle" size="compact-sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? 'Hide why this agent' : 'Why this agent?'}
      </Button>
      {open && <RoutingHistory conversationId={conversationId} />}
    </Box>
  );
}

/** One conversation: who and where it stands, its messages, the actions, and the reply box for its assignee. */
export function ConversationView({ id }: { id: string }) {
  const viewer = useViewer();
  const detail = useApiQuery('GET /conversations/:id', { params: { id } });
  if (detail.isPending) return <Loading label="Loading the conversation…" />;
  if (detail.error) {
    const missing = detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 400);
    return missing ? (
      <EmptyState>This conversation does not exist, or your role does not let you see it.</EmptyState>
    ) : (
      <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
    );
  }
  const c = detail.data;
  const mine = isMine(c, viewer);
  return (
    <Stack gap="sm" component="section" aria-label={`Conversation with ${c.contactName || c.contactPhone}`}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Box miw={0}>
          <Title order={2} size="h4">
            {c.contactName || c.contactPhone}
          </Title>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {c.contactPhone}
            </Text>
            <Badge
              variant="dot"
              color={c.status === 'resolved' ? 'gray' : mine ? 'teal' : 'orange'}
              data-testid="conversation-status"
            >
              {statusText(c, viewer.userId)}
            </Badge>
          </Group>
        </Box>
        <Actions c={c} />
      </Group>
      <Messages detail={detail.data} />
      <WhyThisAgent conversationId={c.id} />
      {mine ? (
        <ReplyBox conversationId={c.id} />
      ) : (
        <Text size="sm" c="dimmed">
          {c.status === 'resolved' ? 'This conversation is resolved.' : 'Only the agent it is assigned to can reply.'}
        </Text>
      )}
    </Stack>
  );
}
