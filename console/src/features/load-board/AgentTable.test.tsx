import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { LoadBoardAgent } from '@switchboard/client-sdk';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgentTable } from './AgentTable.js';

const AGENTS = 10_000;
const agents: LoadBoardAgent[] = Array.from({ length: AGENTS }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `Agent ${i}`,
  role: 'service',
  teamIds: [],
  capacity: 5,
  ongoing: i % 6,
  presence: i % 3 === 0 ? 'available' : 'offline',
  presenceSince: null,
}));

// happy-dom lays nothing out: give the scroller the size it has in a 1024×768 window so the virtualizer can count.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(480);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(770);
});
afterEach(() => vi.restoreAllMocks());

function renderTable() {
  return render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <AgentTable agents={agents} teamNames={new Map()} canEdit={false} today={0} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

const bodyRows = () => screen.getAllByRole('row').filter((r) => r.getAttribute('aria-rowindex') !== '1');

describe('<AgentTable> with 10,000 agents', () => {
  it('renders only the rows in view and a few more, and says how many there are', () => {
    renderTable();
    expect(screen.getByRole('table', { name: 'Agents' }).getAttribute('aria-rowcount')).toBe(String(AGENTS + 1));
    const rows = bodyRows();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThanOrEqual(60);
    expect(rows[0].textContent).toContain('Agent 0');
  });

  it('renders the rows around the scroll position, still a few dozen', async () => {
    renderTable();
    const scroller = screen.getByRole('region', { name: 'Agents list' });
    await act(async () => {
      scroller.scrollTop = 5000 * 56;
      fireEvent.scroll(scroller);
      await new Promise((r) => setTimeout(r, 50));
    });
    const rows = bodyRows();
    expect(rows.length).toBeLessThanOrEqual(60);
    const indexes = rows.map((r) => Number(r.getAttribute('aria-rowindex')) - 2);
    expect(Math.min(...indexes)).toBeGreaterThan(4900);
    expect(Math.max(...indexes)).toBeLessThan(5100);
    expect(screen.getByText('Agent 5000')).toBeTruthy();
  });
});
