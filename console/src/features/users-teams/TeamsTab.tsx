import { Alert, Button, Group, Modal, MultiSelect, Stack, Table, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Team } from '@switchboard/client-sdk';
import { useState } from 'react';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { EmptyState } from '../../components/PageState.js';
import { errorMessage } from '../../lib/errors.js';
import { applyServerErrors } from '../../lib/forms.js';
import { useApiMutation, useApiQuery } from '../../lib/query.js';
import { FormActions } from '../../components/FormActions.js';

function TeamDialog({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const users = useApiQuery('GET /users', { query: { pageSize: 200 } });
  const create = useApiMutation('POST /teams', { invalidate: ['GET /teams', 'GET /users'] });
  const rename = useApiMutation('PATCH /teams/:id', { invalidate: ['GET /teams', 'GET /users'] });
  const members = useApiMutation('PUT /teams/:id/members', { invalidate: ['GET /teams', 'GET /users'] });
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: team?.name ?? '', memberIds: team?.members.map((m) => m.id) ?? [] },
    validate: { name: (v) => (v.trim() ? null : 'Enter a team name') },
  });
  const busy = create.isPending || rename.isPending || members.isPending;
  const submit = form.onSubmit(async (v) => {
    if (busy) return;
    setError(null);
    try {
      if (!team) await create.mutateAsync({ body: { name: v.name.trim(), memberIds: v.memberIds } });
      else {
        if (v.name.trim() !== team.name)
          await rename.mutateAsync({ params: { id: team.id }, body: { name: v.name.trim() } });
        await members.mutateAsync({ params: { id: team.id }, body: { memberIds: v.memberIds } });
      }
      onClose();
    } catch (err) {
      if (!applyServerErrors(form, err)) setError(errorMessage(err));
    }
  });
  return (
    <Modal opened onClose={onClose} title={team ? `Edit team ${team.name}` : 'Add a team'}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Team name" data-autofocus {...form.getInputProps('name')} />
          <MultiSelect
            label="Members"
            searchable
            placeholder={users.isPending ? 'Loading users…' : 'Choose users'}
            data={(users.data?.items ?? []).map((u) => ({
              value: u.id,
              label: u.name ? `${u.name} (${u.email})` : u.email,
            }))}
            {...form.getInputProps('memberIds')}
          />
          <FormActions onCancel={onClose} submit="{team ? 'Save' : 'Add'}" loading={busy} />
        </Stack>
      </form>
    </Modal>
  );
}

export function TeamsTab({ teams }: { teams: Team[] }) {
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const remove = useApiMutation('DELETE /teams/:id', { invalidate: ['GET /teams', 'GET /users'] });
  return (
    <Stack>
      <Group justify="flex-end">
        <Button onClick={() => setEditing('new')}>Add a team</Button>
      </Group>
      {teams.length === 0 ? (
        <EmptyState>No teams yet.</EmptyState>
      ) : (
        <Table striped verticalSpacing="xs" fz="sm" aria-label="Teams">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Team</Table.Th>
              <Table.Th>Members</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {teams.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>{t.members.map((m) => m.name || m.email).join(', ') || '—'}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Button size="xs" variant="subtle" aria-label={`Edit team ${t.name}`} onClick={() => setEditing(t)}>
                      Edit
                    </Button>
                    <ConfirmButton
                      label="Delete"
                      ariaLabel={`Delete team ${t.name}`}
                      title={`Delete team ${t.name}?`}
                      confirmLabel="Delete"
                      buttonProps={{ color: 'red' }}
                      message="Members stay in the account; conversations of this team go back to the pool."
                      onConfirm={() => remove.mutateAsync({ params: { id: t.id } })}
                    />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && <TeamDialog team={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
