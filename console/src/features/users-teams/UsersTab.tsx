import { Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { Role, Team, User } from '@switchboard/client-sdk';
import { useState } from 'react';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.js';
import { useLiveInvalidate } from '../../lib/live.js';
import { useApiMutation, useApiQuery } from '../../lib/query.js';
import { useMe } from '../../lib/session.js';
import { ROLE_LABELS, roleOptions } from './labels.js';
import { CapacityCell, EditUserDialog, InviteDialog } from './UserDialogs.js';

function RowActions({ user, onEdit }: { user: User; onEdit: () => void }) {
  const me = useMe();
  const resend = useApiMutation('POST /users/:id/resend-invitation', { invalidate: ['GET /users'] });
  const remove = useApiMutation('DELETE /users/:id', { invalidate: ['GET /users', 'GET /teams'] });
  const transfer = useApiMutation('POST /users/:id/transfer-ownership', { invalidate: ['GET /users', 'GET /me'] });
  const label = user.name || user.email;
  return (
    <Group gap={4} wrap="wrap">
      <Button size="xs" variant="subtle" onClick={onEdit} aria-label={`Edit ${user.email}`}>
        Edit
      </Button>
      {user.status === 'pending' && (
        <Button
          size="xs"
          variant="subtle"
          loading={resend.isPending}
          aria-label={`Resend invitation to ${user.email}`}
          onClick={() =>
            resend.mutate(
              { params: { id: user.id } },
              {
                onSuccess: () =>
                  notifications.show({
                    color: 'teal',
                    message: `A new activation email went to ${user.email}; the old link no longer works`,
                  }),
                onError: (e) => notifications.show({ color: 'red', message: e.message }),
              },
            )
          }
        >
          Resend
        </Button>
      )}
      {user.isOwner ? (
        <Text size="xs" c="dimmed" maw={110}>
          Owner: cannot be removed
        </Text>
      ) : (
        <ConfirmButton
          label="Remove"
          ariaLabel={`Remove ${user.email}`}
          title={`Remove ${label}?`}
          confirmLabel="Remove"
          buttonProps={{ color: 'red' }}
          message={`${label} is removed permanently; their ongoing conversations go back to Unassigned.`}
          onConfirm={() => remove.mutateAsync({ params: { id: user.id } })}
        />
      )}
      {me.user.isOwner && !user.isOwner && user.status === 'active' && (
        <ConfirmButton
          label="Transfer ownership"
          ariaLabel={`Transfer ownership to ${user.email}`}
          title="Transfer ownership?"
          confirmLabel="Confirm"
          message={`${label} becomes the owner of the account. You become an Admin.`}
          onConfirm={() => transfer.mutateAsync({ params: { id: user.id } })}
        />
      )}
    </Group>
  );
}

export function UsersTab({ teams }: { teams: Team[] }) {
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const users = useApiQuery(
    'GET /users',
    {
      query: {
        pageSize: 200,
        ...(debounced ? { q: debounced } : {}),
        ...(role ? { role } : {}),
        ...(teamId ? { teamId } : {}),
      },
    },
    { placeholderData: (prev) => prev },
  );
  useLiveInvalidate(['agent.capacity', 'agent.load'], ['GET /users']);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Group align="flex-end" wrap="wrap" gap="sm">
          <TextInput
            label="Search"
            placeholder="Name or email"
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={200}
          />
          <Select
            label="Role"
            placeholder="All roles"
            data={roleOptions}
            value={role}
            onChange={(v) => setRole(v)}
            clearable
            w={160}
          />
          <Select
            label="Team"
            placeholder="All teams"
            data={teams.map((t) => ({ value: t.id, label: t.name }))}
            value={teamId}
            onChange={setTeamId}
            clearable
            w={160}
          />
        </Group>
        <Button onClick={() => setInviting(true)}>Invite user</Button>
      </Group>
      {users.isPending ? (
        <Loading />
      ) : users.error ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <EmptyState>
          {debounced || role || teamId ? 'No user matches these filters.' : 'No users yet: invite one.'}
        </EmptyState>
      ) : (
        <Table striped highlightOnHover verticalSpacing="xs" fz="sm" aria-label="Users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Teams</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Capacity</Table.Th>
              <Table.Th>2FA</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.items.map((u) => (
              <Table.Tr key={u.id} data-testid={`user-row-${u.email}`}>
                <Table.Td style={{ wordBreak: 'break-word' }}>
                  <Text size="sm" fw={500}>
                    {u.name || '—'}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {u.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {ROLE_LABELS[u.role]}
                  {u.isOwner ? ' (owner)' : ''}
                </Table.Td>
                <Table.Td>{u.teams.map((t) => t.name).join(', ') || '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {u.status === 'active' ? 'Active' : 'Pending'}
                  </Text>
                  {u.invitation?.expired && (
                    <Text size="xs" c="red">
                      Link expired
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <CapacityCell user={u} />
                </Table.Td>
                <Table.Td>{u.totpEnabled ? 'On' : 'Off'}</Table.Td>
                <Table.Td>
                  <RowActions user={u} onEdit={() => setEditing(u)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <InviteDialog opened={inviting} onClose={() => setInviting(false)} teams={teams} />
      {editing && <EditUserDialog user={editing} teams={teams} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
