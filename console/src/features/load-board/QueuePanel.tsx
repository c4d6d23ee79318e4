import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { LoadBoard } from '@switchboard/client-sdk';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.js';
import { useLiveEvent } from '../../lib/live.js';
import { useApiQuery } from '../../lib/query.js';
import { assignmentsPerMinute } from './board-state.js';
import { age } from './format.js';

export const whyPath = (conversationId: string) => `/load-board/conversations/${conversationId}/why`;

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

/** The Unassigned total, the oldest wait and the assignment rate, at a glance. */
export function BoardStats({ board, now }: { board: LoadBoard; now: number }) {
  const oldest = board.queue.oldest.all;
  const available = board.agents.filter((a) => a.presence === 'available').length;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
      <Stat label="Unassigned" value={String(board.queue.unassigned)} testId="stat-unassigned" />
      <Stat label="Oldest waiting" value={oldest ? age(now - Date.parse(oldest)) : '—'} testId="stat-oldest" />
      <Stat label="Assignments / min" value={String(assignmentsPerMinute(board, now))} testId="stat-rate" />
      <Stat label="Available agents" value={`${available} of ${board.agents.length}`} testId="stat-available" />
    </SimpleGrid>
  );
}

function QueueTable({
  caption,
  rows,
  now,
}: {
  caption: string;
  rows: Array<{ key: string; label: string; count: number; oldest: string | undefined }>;
  now: number;
}) {
  return (
    <Table fz="sm" verticalSpacing={4} aria-label={caption} captionSide="top">
      <Table.Caption style={{ textAlign: 'left' }}>
        <Text size="sm" fw={600} component="span">
          {caption}
        </Text>
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{caption === 'Per team' ? 'Team' : 'Number'}</Table.Th>
          <Table.Th ta="right">Waiting</Table.Th>
          <Table.Th ta="right">Oldest</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.key} data-testid={`queue-row-${r.key}`}>
            <Table.Td style={{ wordBreak: 'break-word' }}>{r.label}</Table.Td>
            <Table.Td ta="right">{r.count}</Table.Td>
            <Table.Td ta="right">{r.oldest ? age(now - Date.parse(r.oldest)) : '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The Unassigned queue per team and per WhatsApp number, with how long the oldest one there has waited. */
export function QueueBreakdown({ board, now }: { board: LoadBoard; now: number }) {
  const q = board.queue;
  const teams = [...board.teams.map((t) => ({ key: t.id, label: t.name })), { key: 'none', label: 'No team' }].map(
    (t) => ({ ...t, count: q.byTeam[t.key] ?? 0, oldest: q.oldest.byTeam[t.key] }),
  );
  const numbers = board.channels.map((c) => ({
    key: c.id,
    label: `${c.name} (${c.phoneNumber})`,
    count: q.byChannel[c.id] ?? 0,
    oldest: q.oldest.byChannel[c.id],
  }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <QueueTable caption="Per team" rows={teams} now={now} />
      {numbers.length ? (
        <QueueTable caption="Per number" rows={numbers} now={now} />
      ) : (
        <EmptyState>No WhatsApp number yet.</EmptyState>
      )}
    </SimpleGrid>
  );
}

const WAITING_SHOWN = 10;

/** The waiting list is re-read at most this often while the queue keeps moving. */
const WAITING_REFRESH_MS = 1000;

/**
 * The newest waiting conversations, each with a link to why it waits. Re-read when the queue moves (its
 * `queue.counts`), at most once a second: at 100 assignments a second the counts move 20 times a second, and
 * a list a person reads does not need each of them.
 */
export function WaitingList({ names }: { names: ReadonlyMap<string, string> }) {
  const list = useApiQuery('GET /conversations', { query: { status: 'unassigned', limit: WAITING_SHOWN } });
  const { refetch } = list;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveEvent('queue.counts', () => {
    timer.current ??= setTimeout(() => {
      timer.current = null;
      void refetch();
    }, WAITING_REFRESH_MS);
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Waiting now{' '}
        <Text span size="sm" c="dimmed" fw={400}>
          (newest first)
        </Text>
      </Title>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState>Nothing is waiting: every conversation has an agent.</EmptyState>
      ) : (
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Waiting now">
          {list.data.items.map((c) => (
            <Group key={c.id} component="li" justify="space-between" wrap="nowrap" data-testid={`waiting-${c.id}`}>
              <Text size="sm" truncate="end" miw={0} id={`waiting-name-${c.id}`}>
                {c.contactName || c.contactPhone}
                {c.teamId && names.get(c.teamId) ? ` · ${names.get(c.teamId)}` : ''}
              </Text>
              {/* Every link reads the same; the description says whose conversation it is. */}
              <Anchor
                component={Link}
                to={whyPath(c.id)}
                size="sm"
                style={{ whiteSpace: 'nowrap' }}
                aria-describedby={`waiting-name-${c.id}`}
              >
                Why is it waiting?
              </Anchor>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
