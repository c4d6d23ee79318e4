import { Badge, Box, Button, Group, Tabs, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ConversationPage, ConversationSummary } from '@switchboard/client-sdk';
import { memo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { EmptyState, QueryState } from '../../components/PageState.js';
import { formatCompact } from '../../lib/format.js';
import { useApiMutation } from '../../lib/query.js';
import { refreshConversation } from './cache.js';
import { useMine, useQueue } from './queries.js';
import { useUnread } from './unread.js';

const LIST_HEIGHT = 'calc(100vh - 220px)';

export const timeOf = formatCompact;

// Memoised on plain props: a socket event changes one summary, so only its row renders again, not every row in view.
const Row = memo(function Row({
  c,
  active,
  unread,
  pick,
  index,
  start,
  measure,
}: {
  c: ConversationSummary;
  active: boolean;
  unread: boolean;
  pick: boolean;
  index: number;
  start: number;
  measure: (el: HTMLElement | null) => void;
}) {
  return (
    <Group
      component="li"
      ref={measure}
      data-index={index}
      gap="xs"
      wrap="nowrap"
      px="xs"
      py={6}
      data-testid={`conversation-row-${c.id}`}
      style={{
        position: 'absolute',
        top: 0,
        left: 0,
        width: '100%',
        transform: `translateY(${start}px)`,
        borderRadius: 'var(--mantine-radius-sm)',
        background: active ? 'var(--mantine-color-default-hover)' : undefined,
      }}
    >
      <UnstyledButton
        component={Link}
        to={`/inbox/${c.id}`}
        aria-current={active ? 'page' : undefined}
        style={{ flex: 1, minWidth: 0 }}
      >
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={unread ? 700 : 500} truncate>
            {c.contactName || c.contactPhone}
          </Text>
          {unread && (
            <Badge size="xs" variant="filled" color="blue" style={{ flex: 'none' }}>
              New
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" truncate>
          {c.contactPhone} · {timeOf(c.status === 'unassigned' ? c.queuedAt : c.createdAt)}
        </Text>
      </UnstyledButton>
      {pick && <PickButton c={c} />}
    </Group>
  );
});

function List({
  page,
  label,
  empty,
  openId,
  pick = false,
}: {
  page: ConversationPage;
  label: string;
  empty: string;
  openId: string | undefined;
  pick?: boolean;
}) {
  const unread = useUnread();
  const scroller = useRef<HTMLDivElement>(null);
  const items = page.items;
  // Only the rows in view are in the DOM, so a queue of hundreds stays as light as one of ten.
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here (vite.config.ts), nothing auto-memoizes this list
  const rows = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 52,
    overscan: 8,
    getItemKey: (i) => items[i].id,
    initialRect: { width: 280, height: 600 },
  });
  if (!items.length) return <EmptyState>{empty}</EmptyState>;
  return (
    <Box ref={scroller} mah={LIST_HEIGHT} style={{ overflowY: 'auto' }}>
      <ul
        aria-label={label}
        style={{ listStyle: 'none', margin: 0, padding: 0, position: 'relative', height: rows.getTotalSize() }}
      >
        {rows.getVirtualItems().map((at) => {
          const c = items[at.index];
          return (
            <Row
              key={at.key}
              c={c}
              index={at.index}
              start={at.start}
              measure={rows.measureElement}
              active={c.id === openId}
              unread={unread.has(c.id)}
              pick={pick}
            />
          );
        })}
      </ul>
    </Box>
  );
}

function PickButton({ c }: { c: ConversationSummary }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const pick = useApiMutation('POST /conversations/:id/pick', { onSuccess: (s) => refreshConversation(qc, s.id) });
  return (
    <Button
      size="compact-xs"
      variant="light"
      loading={pick.isPending}
      aria-label={`Pick ${c.contactName || c.contactPhone}`}
      onClick={() =>
        pick.mutate(
          { params: { id: c.id } },
          {
            onSuccess: () => void navigate(`/inbox/${c.id}`),
            onError: (e) => notifications.show({ color: 'red', message: `Could not pick it: ${e.message}` }),
          },
        )
      }
    >
      Pick
    </Button>
  );
}

/** My conversations and the Unassigned queue (as far as my role sees it), both patched live by the socket. */
export function ConversationLists({ openId }: { openId: string | undefined }) {
  const mine = useMine();
  const queue = useQueue();
  const [tab, setTab] = useState<string | null>('mine');
  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false}>
      <Tabs.List mb="xs" grow>
        <Tabs.Tab value="mine">Mine{mine.data ? ` (${mine.data.items.length})` : ''}</Tabs.Tab>
        <Tabs.Tab value="queue">Unassigned{queue.data ? ` (${queue.data.items.length})` : ''}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="mine">
        <QueryState query={mine}>
          {(page) => (
            <List
              page={page}
              label="My conversations"
              openId={openId}
              empty="Nothing assigned to you. New conversations appear here the moment they are routed to you."
            />
          )}
        </QueryState>
      </Tabs.Panel>
      <Tabs.Panel value="queue">
        <QueryState query={queue}>
          {(page) => (
            <List page={page} label="Unassigned conversations" openId={openId} empty="Nobody is waiting." pick />
          )}
        </QueryState>
      </Tabs.Panel>
    </Tabs>
  );
}
