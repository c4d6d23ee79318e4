import { Alert, Modal, MultiSelect, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { Role, Team, User } from '@switchboard/client-sdk';
import { useRef, useState } from 'react';
import { errorMessage } from '../../lib/errors.js';
import { applyServerErrors, EMAIL_RE } from '../../lib/forms.js';
import { useApiMutation } from '../../lib/query.js';
import { roleOptions } from './labels.js';
import { FormActions } from '../../components/FormActions.js';

const teamOptions = (teams: Team[]) => teams.map((t) => ({ value: t.id, label: t.name }));

export function InviteDialog({ opened, onClose, teams }: { opened: boolean; onClose: () => void; teams: Team[] }) {
  const invite = useApiMutation('POST /invitations', { invalidate: ['GET /users', 'GET /teams'] });
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', role: 'sale' as Role, teamIds: [] as string[], capacity: '' as number | string },
    validate: {
      email: (v) => (EMAIL_RE.test(v.trim()) ? null : 'Enter a valid email'),
      role: (v) => (v ? null : 'Choose a role'),
      capacity: (v) =>
        v === '' || (Number.isInteger(Number(v)) && Number(v) >= 0)
          ? null
          : 'A whole number, 0 or more (empty = unlimited)',
    },
  });
  const submit = form.onSubmit(async (v) => {
    if (invite.isPending) return;
    setError(null);
    try {
      const r = await invite.mutateAsync({
        body: {
          email: v.email.trim(),
          role: v.role,
          teamIds: v.teamIds,
          ...(v.capacity === '' ? {} : { capacity: Number(v.capacity) }),
        },
      });
      notifications.show({
        color: r.invitation.emailSent ? 'teal' : 'orange',
        message: r.invitation.emailSent
          ? `Invitation sent to ${r.user.email}`
          : `${r.user.email} was added, but the email did not go out: use Resend later`,
      });
      form.reset();
      onClose();
    } catch (err) {
      if (!applyServerErrors(form, err)) setError(errorMessage(err));
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Invite user">
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Email" type="email" data-autofocus {...form.getInputProps('email')} />
          <Select label="Role" data={roleOptions} allowDeselect={false} {...form.getInputProps('role')} />
          <MultiSelect
            label="Teams"
            data={teamOptions(teams)}
            placeholder={teams.length ? 'Choose teams' : 'No teams yet'}
            searchable
            {...form.getInputProps('teamIds')}
          />
          <NumberInput
            label="Capacity"
            description="Empty = unlimited"
            min={0}
            allowDecimal={false}
            {...form.getInputProps('capacity')}
          />
          <FormActions onCancel={onClose} submit="Add" loading={invite.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

export function EditUserDialog({ user, onClose, teams }: { user: User; onClose: () => void; teams: Team[] }) {
  const edit = useApiMutation('PATCH /users/:id', { invalidate: ['GET /users', 'GET /teams'] });
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { role: user.role, teamIds: user.teams.map((t) => t.id) },
    validate: { role: (v) => (v ? null : 'Choose a role') },
  });
  const submit = form.onSubmit(async (v) => {
    if (edit.isPending) return;
    setError(null);
    try {
      await edit.mutateAsync({
        params: { id: user.id },
        body: { ...(user.isOwner ? {} : { role: v.role }), teamIds: v.teamIds },
      });
      notifications.show({ color: 'teal', message: `${user.email} updated` });
      onClose();
    } catch (err) {
      if (!applyServerErrors(form, err)) setError(errorMessage(err));
    }
  });
  return (
    <Modal opened onClose={onClose} title={`Edit ${user.name || user.email}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Email" value={user.email} readOnly description="The user's email cannot be modified." />
          <Select
            label="Role"
            data={roleOptions}
            allowDeselect={false}
            disabled={user.isOwner}
            description={user.isOwner ? 'The owner is always an Admin: transfer ownership first.' : undefined}
            {...form.getInputProps('role')}
          />
          <MultiSelect label="Teams" data={teamOptions(teams)} searchable {...form.getInputProps('teamIds')} />
          <FormActions onCancel={onClose} submit="Edit" loading={edit.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Capacity edited in the row: saved on Enter or when leaving the field; empty = unlimited. */
export function CapacityCell({ user }: { user: User }) {
  const save = useApiMutation('PUT /users/:id/capacity', { invalidate: ['GET /users'] });
  const [value, setValue] = useState<string | number>(user.capacity ?? '');
  const [error, setError] = useState<string | null>(null);
  const [synced, setSynced] = useState(user.capacity);
  const inFlight = useRef(false);
  if (synced !== user.capacity) {
    setSynced(user.capacity);
    setValue(user.capacity ?? '');
  }
  const commit = async () => {
    const next = value === '' ? null : Number(value);
    if (next === user.capacity || inFlight.current) return;
    if (next !== null && (!Number.isInteger(next) || next < 0)) return setError('0 or more');
    setError(null);
    inFlight.current = true;
    try {
      await save.mutateAsync({ params: { id: user.id }, body: { capacity: next } });
      notifications.show({ color: 'teal', message: `Capacity of ${user.email} set to ${next ?? 'unlimited'}` });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      inFlight.current = false;
    }
  };
  return (
    <NumberInput
      size="xs"
      w={90}
      min={0}
      allowDecimal={false}
      placeholder="Unlimited"
      aria-label={`Capacity of ${user.email}`}
      value={value}
      onChange={setValue}
      onBlur={() => void commit()}
      error={error}
      onKeyDown={(e) => {
        if (e.key === 'Enter') void commit();
      }}
    />
  );
}
