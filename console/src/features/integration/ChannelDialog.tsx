import { Alert, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { Channel, Team } from '@switchboard/client-sdk';
import { createChannelBody, updateChannelBody } from '@switchboard/client-sdk/contract';
import { useState } from 'react';
import { errorMessage } from '../../lib/errors.js';
import { applyServerErrors, useSubmitOnce, validateWith } from '../../lib/forms.js';
import { useApiMutation } from '../../lib/query.js';
import { FormActions } from '../../components/FormActions.js';

const invalidate = ['GET /channels' as const];

/**
 * The default team picker, or, for a role that may not list teams (`GET /teams` is behind Users & teams), the
 * current choice said in words and left as it is.
 */
function DefaultTeam({
  teams,
  current,
  inputProps,
}: {
  teams: Team[] | null;
  current: string | null;
  inputProps: object;
}) {
  if (teams)
    return (
      <Select
        label="Default team"
        description="New conversations on this number go to this team; empty = any agent."
        placeholder="No default team"
        data={teams.map((t) => ({ value: t.id, label: t.name }))}
        clearable
        {...inputProps}
      />
    );
  return (
    <TextInput
      label="Default team"
      readOnly
      value={current ? 'A team (an Admin can see and change which)' : 'No default team'}
      description="Only Admins can choose the default team."
    />
  );
}

export function AddChannelDialog({ teams, onClose }: { teams: Team[] | null; onClose: () => void }) {
  const create = useApiMutation('POST /channels', { invalidate });
  const once = useSubmitOnce();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', phoneNumber: '', defaultTeamId: null as string | null },
    validate: validateWith(createChannelBody),
  });
  const submit = form.onSubmit((v) =>
    once(async () => {
      setError(null);
      try {
        const r = await create.mutateAsync({ body: v });
        notifications.show({ color: 'teal', message: `${r.name} (${r.phoneNumber}) added` });
        onClose();
      } catch (err) {
        if (!applyServerErrors(form, err)) setError(errorMessage(err));
      }
    }),
  );
  return (
    <Modal opened onClose={onClose} title="Add a WhatsApp number">
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Name" placeholder="Support line" data-autofocus {...form.getInputProps('name')} />
          <TextInput
            label="Phone number"
            placeholder="+1 555 0100"
            type="tel"
            description="The WhatsApp number, with its country code."
            {...form.getInputProps('phoneNumber')}
          />
          <DefaultTeam teams={teams} current={null} inputProps={form.getInputProps('defaultTeamId')} />
          <FormActions onCancel={onClose} submit="Add" loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

export function EditChannelDialog({
  channel,
  teams,
  onClose,
}: {
  channel: Channel;
  teams: Team[] | null;
  onClose: () => void;
}) {
  const update = useApiMutation('PATCH /channels/:id', { invalidate });
  const once = useSubmitOnce();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: channel.name, defaultTeamId: channel.defaultTeamId },
    validate: validateWith(updateChannelBody),
  });
  const submit = form.onSubmit((v) =>
    once(async () => {
      setError(null);
      try {
        // Without the team list the default team is not this form's to change.
        const body = teams ? v : { name: v.name };
        const r = await update.mutateAsync({ params: { id: channel.id }, body });
        notifications.show({ color: 'teal', message: `${r.name} (${r.phoneNumber}) saved` });
        onClose();
      } catch (err) {
        if (!applyServerErrors(form, err)) setError(errorMessage(err));
      }
    }),
  );
  return (
    <Modal opened onClose={onClose} title={`Edit ${channel.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Name" data-autofocus {...form.getInputProps('name')} />
          <TextInput
            label="Phone number"
            value={channel.phoneNumber}
            readOnly
            description="A number cannot be changed: add the new number instead."
          />
          <DefaultTeam teams={teams} current={channel.defaultTeamId} inputProps={form.getInputProps('defaultTeamId')} />
          <FormActions onCancel={onClose} submit="Save" loading={update.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
