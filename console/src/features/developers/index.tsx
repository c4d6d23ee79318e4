import { Button, Code, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.js';
import type { Feature } from '../../lib/feature.js';
import { formatDateTime } from '../../lib/format.js';
import { useApiMutation, useApiQuery } from '../../lib/query.js';
import { CreateKeyDialog } from './CreateKeyDialog.js';

function DevelopersPage() {
  const keys = useApiQuery('GET /api-keys');
  const revoke = useApiMutation('DELETE /api-keys/:id', { invalidate: ['GET /api-keys'] });
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader title="Developers" actions={<Button onClick={() => setCreating(true)}>Create API key</Button>} />
      <Text size="sm" c="dimmed" mb="md">
        API keys let your messaging provider post inbound WhatsApp messages to Switchboard. A key is shown once, when it
        is created; a revoked key is refused at once.
      </Text>
      {keys.isPending ? (
        <Loading />
      ) : keys.error ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.items.length === 0 ? (
        <EmptyState>No API key yet: create one for your messaging provider.</EmptyState>
      ) : (
        <Table striped highlightOnHover verticalSpacing="xs" fz="sm" aria-label="API keys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.data.items.map((k) => (
              <Table.Tr key={k.id} data-testid={`api-key-row-${k.name}`}>
                <Table.Td style={{ wordBreak: 'break-word' }}>{k.name}</Table.Td>
                <Table.Td>
                  <Code aria-label={`Starts with ${k.prefix}`}>{k.prefix}…</Code>
                </Table.Td>
                <Table.Td>{formatDateTime(k.createdAt)}</Table.Td>
                <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {k.revokedAt ? 'Revoked' : 'Active'}
                  </Text>
                  {k.revokedAt && (
                    <Text size="xs" c="dimmed">
                      {formatDateTime(k.revokedAt)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {!k.revokedAt && (
                    <ConfirmButton
                      label="Revoke"
                      ariaLabel={`Revoke ${k.name}`}
                      title={`Revoke ${k.name}?`}
                      confirmLabel="Revoke"
                      buttonProps={{ color: 'red' }}
                      message={`Requests with the key starting ${k.prefix} are refused from now on. This cannot be undone.`}
                      onConfirm={() => revoke.mutateAsync({ params: { id: k.id } })}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {creating && <CreateKeyDialog onClose={() => setCreating(false)} />}
    </>
  );
}

export const feature: Feature = {
  id: 'developers',
  routes: [{ path: '/developers', component: DevelopersPage, menu: 'developers' }],
  nav: [{ menu: 'developers', label: 'Developers', to: '/developers', order: 50 }],
};
