import { Group, Select, Stack, Text, TextInput, Title, useComputedColorScheme } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { AvailabilityStatus, LoadBoard, LoadBoardAgent } from '@switchboard/client-sdk';
import { useMemo, useState } from 'react';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, QueryState } from '../../components/PageState.js';
import { useLiveConnected } from '../../lib/live.js';
import { AgentTable } from './AgentTable.js';
import { BoardStats, QueueBreakdown, WaitingList } from './QueuePanel.js';
import { useLoadBoard, useNow } from './useLoadBoard.js';

type Sort = 'name' | 'load' | 'presence';
const SORTS: Array<{ value: Sort; label: string }> = [
  { value: 'name', label: 'Name' },
  { value: 'load', label: 'Load, busiest first' },
  { value: 'presence', label: 'Presence' },
];
const PRESENCE_ORDER: Record<AvailabilityStatus, number> = { available: 0, paused: 1, offline: 2 };
const ratio = (a: LoadBoardAgent) =>
  a.capacity === null ? 0 : a.capacity === 0 ? (a.ongoing ? Infinity : 0) : a.ongoing / a.capacity;

function visibleAgents(
  agents: readonly LoadBoardAgent[],
  f: { q: string; presence: string | null; team: string | null; sort: Sort },
): readonly LoadBoardAgent[] {
  const q = f.q.toLowerCase();
  const kept =
    q || f.presence || f.team
      ? agents.filter(
          (a) =>
            (!q || a.name.toLowerCase().includes(q)) &&
            (!f.presence || a.presence === f.presence) &&
            (!f.team || a.teamIds.includes(f.team)),
        )
      : agents;
  // The server sends agents by name, so that order needs no sort.
  if (f.sort === 'name') return kept;
  const sorted = kept.slice();
  if (f.sort === 'load') sorted.sort((a, b) => ratio(b) - ratio(a) || b.ongoing - a.ongoing);
  else sorted.sort((a, b) => PRESENCE_ORDER[a.presence] - PRESENCE_ORDER[b.presence]);
  return sorted;
}

function Agents({ board }: { board: LoadBoard }) {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 200);
  const [presence, setPresence] = useState<string | null>(null);
  const [team, setTeam] = useState<string | null>(null);
  const [sort, setSort] = useState<Sort>('name');
  const teamNames = useMemo(() => new Map(board.teams.map((t) => [t.id, t.name])), [board.teams]);
  const agents = useMemo(
    () => visibleAgents(board.agents, { q: debounced, presence, team, sort }),
    [board.agents, debounced, presence, team, sort],
  );
  const today = new Date(useNow(60_000)).setHours(0, 0, 0, 0);
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Title order={2} size="h4">
          Agents
        </Title>
        <Group align="flex-end" wrap="wrap" gap="sm">
          <TextInput
            label="Search agents"
            placeholder="Name"
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={160}
          />
          <Select
            label="Presence"
            placeholder="Any"
            data={[
              { value: 'available', label: 'Available' },
              { value: 'paused', label: 'Paused' },
              { value: 'offline', label: 'Offline' },
            ]}
            value={presence}
            onChange={setPresence}
            clearable
            w={130}
          />
          <Select
            label="Team"
            placeholder="Any"
            data={board.teams.map((t) => ({ value: t.id, label: t.name }))}
            value={team}
            onChange={setTeam}
            clearable
            w={140}
          />
          <Select
            label="Sort by"
            data={SORTS}
            value={sort}
            onChange={(v) => setSort(v ?? 'name')}
            allowDeselect={false}
            w={170}
          />
        </Group>
      </Group>
      <Text size="xs" c="dimmed" aria-live="polite">
        {agents.length === board.agents.length
          ? `${board.agents.length} agents`
          : `${agents.length} of ${board.agents.length} agents`}
        {board.canEditCapacity ? ' · capacity: Enter saves, Escape undoes, empty = unlimited' : ' · read-only'}
      </Text>
      {agents.length === 0 ? (
        <EmptyState>{board.agents.length ? 'No agent matches these filters.' : 'No active agents yet.'}</EmptyState>
      ) : (
        <AgentTable agents={agents} teamNames={teamNames} canEdit={board.canEditCapacity} today={today} />
      )}
    </Stack>
  );
}

function Board({ board }: { board: LoadBoard }) {
  const now = useNow();
  const teamNames = useMemo(() => new Map(board.teams.map((t) => [t.id, t.name])), [board.teams]);
  return (
    <Stack gap="lg">
      <BoardStats board={board} now={now} />
      <Agents board={board} />
      <Stack gap="xs">
        <Title order={2} size="h4">
          Unassigned queue
        </Title>
        <QueueBreakdown board={board} now={now} />
      </Stack>
      <WaitingList names={teamNames} />
    </Stack>
  );
}

/** The live load board (issue 12): Admins change capacity in place, Inbox Managers watch. */
export function LoadBoardPage() {
  const board = useLoadBoard();
  const connected = useLiveConnected();
  const dark = useComputedColorScheme('light') === 'dark';
  return (
    <>
      <PageHeader
        title="Load board"
        actions={
          <Text
            size="sm"
            c={connected ? (dark ? 'teal.3' : 'teal.9') : dark ? 'orange.3' : 'orange.9'}
            role="status"
            data-testid="live-status"
          >
            <span aria-hidden>{connected ? '● ' : '○ '}</span>
            {connected ? 'Live' : 'Reconnecting…'}
          </Text>
        }
      />
      <QueryState query={board}>{(b) => <Board board={b} />}</QueryState>
    </>
  );
}
