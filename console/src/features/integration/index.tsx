import { Button, Group, Table, Text } from '@mantine/core';
import type { Channel } from '@switchboard/client-sdk';
import { useState } from 'react';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.js';
import type { Feature } from '../../lib/feature.js';
import { formatDate } from '../../lib/format.js';
import { useApiMutation, useApiQuery } from '../../lib/query.js';
import { useMe } from '../../lib/session.js';
import { AddChannelDialog, EditChannelDialog } from './ChannelDialog.js';

function IntegrationPage() {
  const me = useMe();
  const channels = useApiQuery('GET /channels');
  // Team names only for roles that may list teams; the others see whether a default team is set.
  const teamsAllowed = me.menus.includes('users_teams');
  const teamsQuery = useApiQuery('GET /teams', undefined, { enabled: teamsAllowed });
  const teams = teamsAllowed ? (teamsQuery.data?.items ?? null) : null;
  const remove = useApiMutation('DELETE /channels/:id', { invalidate: ['GET /channels'] });
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  const teamName = (id: string | null) =>
    id === null ? '—' : (teams?.find((t) => t.id === id)?.name ?? (teams ? 'A deleted team' : 'Set'));

  return (
    <>
      <PageHeader
        title="Integration"
        actions={
          <Button onClick={() => setEditing('new')} disabled={teamsAllowed && teamsQuery.isPending}>
            Add number
          </Button>
        }
      />
      <Text size="sm" c="dimmed" mb="md">
        The WhatsApp numbers of the account. Messages to a number arrive through the inbound webhook (Developers) and
        become conversations, routed to the number&apos;s default team when it has one.
      </Text>
      {channels.isPending || (teamsAllowed && teamsQuery.isPending) ? (
        <Loading />
      ) : channels.error || teamsQuery.error ? (
        <ErrorState
          error={channels.error ?? teamsQuery.error}
          onRetry={() => void Promise.all([channels.refetch(), teamsAllowed && teamsQuery.refetch()])}
        />
      ) : channels.data.items.length === 0 ? (
        <EmptyState>No WhatsApp number yet: add one.</EmptyState>
      ) : (
        <Table striped highlightOnHover verticalSpacing="xs" fz="sm" aria-label="WhatsApp numbers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Phone number</Table.Th>
              <Table.Th>Default team</Table.Th>
              <Table.Th>Added</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.data.items.map((c) => (
              <Table.Tr key={c.id} data-testid={`channel-row-${c.phoneNumber}`}>
                <Table.Td style={{ wordBreak: 'break-word' }}>{c.name}</Table.Td>
                <Table.Td>{c.phoneNumber}</Table.Td>
                <Table.Td>{teamName(c.defaultTeamId)}</Table.Td>
                <Table.Td>{formatDate(c.createdAt)}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="xs" variant="subtle" aria-label={`Edit ${c.name}`} onClick={() => setEditing(c)}>
                      Edit
                    </Button>
                    <ConfirmButton
                      label="Delete"
                      ariaLabel={`Delete ${c.name}`}
                      title={`Delete ${c.name} (${c.phoneNumber})?`}
                      confirmLabel="Delete"
                      buttonProps={{ color: 'red' }}
                      message="Messages to this number will no longer reach Switchboard. A number that already has conversations cannot be deleted."
                      onConfirm={() => remove.mutateAsync({ params: { id: c.id } })}
                    />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing === 'new' && <AddChannelDialog teams={teams} onClose={() => setEditing(null)} />}
      {editing && editing !== 'new' && (
        <EditChannelDialog channel={editing} teams={teams} onClose={() => setEditing(null)} />
      )}
    </>
  );
}

export const feature: Feature = {
  id: 'integration',
  routes: [{ path: '/integration', component: IntegrationPage, menu: 'integration' }],
  nav: [{ menu: 'integration', label: 'Integration', to: '/integration', order: 40 }],
};
