import { Badge, Text, useComputedColorScheme } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AvailabilityStatus, LoadBoardAgent } from '@switchboard/client-sdk';
import { memo, useRef, type CSSProperties } from 'react';
import { LoadBar } from '../../components/LoadBar.js';
import { CapacityInput, CapacityText } from './CapacityInput.js';
import { clockTime } from './format.js';

const ROW_HEIGHT = 56;
const HEADER_HEIGHT = 34;
/** Rows rendered beyond the visible ones on each side: keeps scrolling smooth without rendering thousands. */
const OVERSCAN = 8;
const COLUMNS = 'minmax(150px, 2fr) minmax(120px, 1.2fr) minmax(130px, 1.6fr) 110px';

/** Badge text colours per scheme: dark shades on the light theme, light ones on the dark, both above 4.5:1. */
const PRESENCE: Record<AvailabilityStatus, { label: string; light: string; dark: string }> = {
  available: { label: 'Available', light: 'teal.9', dark: 'teal.3' },
  paused: { label: 'Paused', light: 'yellow.9', dark: 'yellow.3' },
  offline: { label: 'Offline', light: 'gray.7', dark: 'gray.4' },
};

const rowStyle: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: COLUMNS,
  gap: 'var(--mantine-spacing-sm)',
  alignItems: 'center',
  padding: '0 var(--mantine-spacing-sm)',
};

const AgentRow = memo(function AgentRow({
  agent,
  teams,
  canEdit,
  index,
  start,
  now,
  scheme,
}: {
  agent: LoadBoardAgent;
  teams: string;
  canEdit: boolean;
  index: number;
  start: number;
  /** Only the day matters for the clock times shown, so rows re-render once a day, not every second. */
  now: number;
  scheme: 'light' | 'dark';
}) {
  const p = PRESENCE[agent.presence];
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-testid={`agent-row-${agent.id}`}
      style={{
        ...rowStyle,
        position: 'absolute',
        top: 0,
        left: 0,
        width: '100%',
        height: ROW_HEIGHT,
        transform: `translateY(${start}px)`,
        borderBottom: '1px solid var(--mantine-color-default-border)',
      }}
    >
      <div role="cell" style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} truncate="end">
          {agent.name}
        </Text>
        <Text size="xs" c="dimmed" truncate="end">
          {teams || 'No team'}
        </Text>
      </div>
      <div role="cell" style={{ minWidth: 0 }}>
        <Badge variant="outline" color={p[scheme]} size="sm">
          {p.label}
        </Badge>
        <Text size="xs" c="dimmed">
          {agent.presenceSince ? `since ${clockTime(agent.presenceSince, now)}` : '\u00a0'}
        </Text>
      </div>
      <div role="cell" style={{ minWidth: 0 }}>
        <LoadBar ongoing={agent.ongoing} capacity={agent.capacity} name={agent.name} />
      </div>
      <div role="cell">{canEdit ? <CapacityInput agent={agent} /> : <CapacityText capacity={agent.capacity} />}</div>
    </div>
  );
});

/**
 * Every agent, virtualised: whatever the number of agents, only the rows in view (plus a few) are in the page, so
 * 10,000 agents render some 25 rows. ARIA table roles keep it a table for screen readers (aria-rowcount says how
 * many rows exist beyond those rendered).
 */
export function AgentTable({
  agents,
  teamNames,
  canEdit,
  today,
}: {
  agents: readonly LoadBoardAgent[];
  teamNames: ReadonlyMap<string, string>;
  canEdit: boolean;
  /** Midnight of today (epoch ms): see AgentRow's `now`. */
  today: number;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme('light');
  // TanStack Virtual hands out functions the React Compiler cannot memoise; that is expected of this library.
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtual = useVirtualizer({
    count: agents.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (i) => agents[i].id,
    // The sticky header sits above the rows inside the scroller.
    scrollMargin: HEADER_HEIGHT,
  });
  return (
    <div
      ref={scroller}
      // Focusable so that the list scrolls by keyboard even where no row holds an input (the read-only board).
      tabIndex={0}
      role="region"
      aria-label="Agents list"
      style={{ maxHeight: 'min(55vh, 480px)', overflowY: 'auto', overflowX: 'hidden' }}
    >
      <div role="table" aria-label="Agents" aria-rowcount={agents.length + 1}>
        <div role="rowgroup" style={{ position: 'sticky', top: 0, zIndex: 1, background: 'var(--mantine-color-body)' }}>
          <div
            role="row"
            aria-rowindex={1}
            style={{
              ...rowStyle,
              height: HEADER_HEIGHT,
              borderBottom: '2px solid var(--mantine-color-default-border)',
            }}
          >
            {['Agent', 'Presence', 'Load', 'Capacity'].map((h) => (
              <Text key={h} role="columnheader" size="sm" fw={600}>
                {h}
              </Text>
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((v) => {
            const a = agents[v.index];
            const teams = a.teamIds.map((id) => teamNames.get(id) ?? '').filter(Boolean);
            return (
              <AgentRow
                key={a.id}
                agent={a}
                teams={teams.join(', ')}
                canEdit={canEdit}
                index={v.index}
                start={v.start - HEADER_HEIGHT}
                now={today}
                scheme={scheme}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
