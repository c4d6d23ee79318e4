import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import {
  explainHistory,
  routingHistory,
  type FullExplanation,
  type RoutingHistoryEvent,
} from '@switchboard/client-sdk/contract';
import { describe, expect, it } from 'vitest';
import { RoutingStory } from './RoutingHistory.js';

const ana = '0b6f2d4e-8a1c-4f3e-9b2a-6c5d4e3f2a1b';
const bo = '1c7f3e5f-9b2d-4a4f-8c3b-7d6e5f4a3b2c';
const sales = '2d8a4f6a-ac3e-4b5a-9d4c-8e7f6a5b4c3d';

const explanation = (over: Partial<FullExplanation>): FullExplanation => ({
  strategy: 'balanced',
  owner: null,
  teamId: sales,
  excluded: {},
  atCapacity: {},
  ranked: [],
  ...over,
});
const event = (over: Partial<RoutingHistoryEvent>): RoutingHistoryEvent => ({
  id: '1',
  at: '2026-12-04T10:00:00.000Z',
  kind: 'auto',
  reason: 'routing:balanced',
  fromUserId: null,
  fromUserName: null,
  toUserId: null,
  toUserName: null,
  actorUserId: null,
  actorName: null,
  toTeamId: null,
  capacityOverride: false,
  explanation: null,
  ...over,
});

/** The API's answer for a conversation Ana took while Bo was full, then resolved. */
const answer = routingHistory.parse({
  conversationId: '6f1c3f52-5d0e-4d5c-9a55-0b0f1f2d9a10',
  events: [
    event({
      toUserId: ana,
      explanation: explanation({
        ranked: [{ agentId: ana, ongoing: 2, capacity: 5, lastAssignedAt: null, result: 'chosen' }],
        excluded: { at_capacity: [bo] },
        atCapacity: { [bo]: { ongoing: 5, capacity: 5 } },
      }),
    }),
    event({ id: '2', at: '2026-12-04T10:05:00.000Z', kind: 'resolve', actorUserId: ana }),
  ],
  current: null,
  names: { users: { [ana]: 'Ana', [bo]: 'Bo' }, teams: { [sales]: 'Sales' } },
});

const renderStory = () =>
  render(
    <MantineProvider>
      <RoutingStory read={explainHistory(answer)} currentAssigned={false} />
    </MantineProvider>,
  );

describe('RoutingStory', () => {
  it('reads the history newest first, in sentences with names, and says why the others did not get it', () => {
    renderStory();
    const region = screen.getByRole('region', { name: 'Routing history' });
    const items = within(region).getAllByTestId(/^routing-event-/);
    expect(items[0].textContent).toContain('Ana resolved it');
    expect(items.at(-1)?.textContent).toMatch(/Assigned to Ana/);
    expect(region.textContent).toContain('Bo: at capacity, 5 of 5');
    expect(region.textContent).not.toContain(ana);
  });

  it('shows no "waiting now" panel for a conversation that is not waiting', () => {
    renderStory();
    expect(screen.queryByRole('status', { name: 'Waiting now' })).toBeNull();
  });
});
