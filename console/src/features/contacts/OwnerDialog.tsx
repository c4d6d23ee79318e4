import { Alert, Modal, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { Contact } from '@switchboard/client-sdk';
import { ownerBody } from '@switchboard/client-sdk/contract';
import { useState } from 'react';
import { errorMessage } from '../../lib/errors.js';
import { applyServerErrors, useSubmitOnce, validateWith } from '../../lib/forms.js';
import { useApiMutation } from '../../lib/query.js';
import type { Owners } from './owners.js';
import { FormActions } from '../../components/FormActions.js';

export const contactLabel = (c: Contact) => c.name || c.phoneNumber;

/** Set or clear a contact's owner (Admin, Inbox Manager): routing offers the contact's conversations to the owner first. */
export function OwnerDialog({ contact, owners, onClose }: { contact: Contact; owners: Owners; onClose: () => void }) {
  const save = useApiMutation('PUT /contacts/:id/owner', { invalidate: ['GET /contacts'] });
  const once = useSubmitOnce();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { ownerId: contact.ownerId },
    validate: validateWith(ownerBody),
  });
  const submit = form.onSubmit((v) =>
    once(async () => {
      setError(null);
      try {
        const r = await save.mutateAsync({ params: { id: contact.id }, body: { ownerId: v.ownerId } });
        notifications.show({
          color: 'teal',
          message: `${contactLabel(contact)}: ${r.ownerId ? `owner set to ${owners.label(r.ownerId)}` : 'owner cleared'}`,
        });
        onClose();
      } catch (err) {
        if (!applyServerErrors(form, err)) setError(errorMessage(err));
      }
    }),
  );
  return (
    <Modal opened onClose={onClose} title={`Owner of ${contactLabel(contact)}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Text size="sm">
            New conversations of this contact go to its owner first, when the owner can take them; otherwise the
            account&apos;s owner fallback (Account settings) decides.
          </Text>
          <Select
            label="Owner"
            placeholder="No owner"
            description="Clear the field to leave the contact without an owner."
            data={owners.options(contact.ownerId)}
            searchable
            clearable
            data-autofocus
            {...form.getInputProps('ownerId')}
          />
          <FormActions onCancel={onClose} submit="Save" loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
