import { Group, SegmentedControl, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import type { Availability, MeResponse, PresenceState } from '@switchboard/client-sdk';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../lib/errors.js';
import { useAgentClient, useLiveConnected, useLiveEvent } from '../../lib/live.js';
import { apiKey, useApiQuery } from '../../lib/query.js';
import { ME_KEY, useMe } from '../../lib/session.js';
import { useMine } from './queries.js';
import { useInboxSync } from './sync.js';
import { SoundToggle } from './sound.js';
import { useUnread } from './unread.js';

const BASE_TITLE = document.title;

const statusOf = (p: PresenceState): Availability['status'] =>
  !p.connected ? 'offline' : p.paused ? 'paused' : 'available';

/** Available / Paused, through the socket (AgentClient pause/resume): paused agents receive nothing new. */
function AvailabilityToggle() {
  const client = useAgentClient();
  const connected = useLiveConnected();
  const qc = useQueryClient();
  const availability = useApiQuery('GET /me/availability');
  const [busy, setBusy] = useState(false);
  // The gateway leases presence when the socket connects: read it again once it has.
  useLiveEvent('connected', () => void availability.refetch());
  const change = async (next: string) => {
    if (!client || busy) return;
    setBusy(true);
    try {
      const state = next === 'paused' ? await client.pause() : await client.resume();
      qc.setQueryData<Availability>(apiKey('GET /me/availability'), (old) =>
        old ? { ...old, status: statusOf(state) } : old,
      );
    } catch (err) {
      notifications.show({ color: 'red', message: `Could not change availability: ${errorMessage(err)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <SegmentedControl
      size="xs"
      aria-label="Availability"
      data={[
        { value: 'available', label: 'Available' },
        { value: 'paused', label: 'Paused' },
      ]}
      value={availability.data?.status === 'paused' ? 'paused' : 'available'}
      onChange={(v) => void change(v)}
      disabled={!connected || busy || !availability.data}
    />
  );
}

/** Ongoing ÷ capacity: my assigned conversations against what routing may give me. */
function MyLoad() {
  const me = useMe();
  const mine = useMine();
  const qc = useQueryClient();
  // An admin changing my capacity tells my socket too: the header follows without a reload.
  useLiveEvent('agent.capacity', (u) => {
    if (u.userId !== me.user.id) return;
    qc.setQueriesData<MeResponse>({ queryKey: ME_KEY }, (old) =>
      old ? { ...old, user: { ...old.user, capacity: u.capacity } } : old,
    );
  });
  const capacity = me.user.capacity;
  return (
    <Text size="sm" data-testid="my-load" style={{ whiteSpace: 'nowrap' }}>
      <Text span size="sm" c="dimmed">
        Load{' '}
      </Text>
      {mine.data ? mine.data.items.length : '–'} / {capacity ?? '∞'}
    </Text>
  );
}

/** The inbox's part of the app header: it keeps the cache live on every screen and counts unread in the title. */
export function InboxHeader() {
  useInboxSync();
  const unread = useUnread().size;
  useEffect(() => {
    document.title = unread ? `(${unread}) ${BASE_TITLE}` : BASE_TITLE;
    return () => void (document.title = BASE_TITLE);
  }, [unread]);
  return (
    <Group gap="sm" wrap="nowrap">
      <MyLoad />
      <AvailabilityToggle />
      <SoundToggle />
    </Group>
  );
}
