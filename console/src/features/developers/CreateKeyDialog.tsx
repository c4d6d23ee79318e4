import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { CreatedApiKey } from '@switchboard/client-sdk';
import { createApiKeyBody } from '@switchboard/client-sdk/contract';
import { useState } from 'react';
import { errorMessage } from '../../lib/errors.js';
import { applyServerErrors, useSubmitOnce, validateWith } from '../../lib/forms.js';
import { useApiMutation } from '../../lib/query.js';
import { FormActions } from '../../components/FormActions.js';

function NewKey({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" title="Copy this key now: it is shown only once" role="alert">
        Switchboard keeps only a hash of it, so nobody can show it to you again. If it is lost, revoke it and create
        another.
      </Alert>
      <Code block data-testid="new-api-key" aria-label={`API key ${created.name}`} style={{ wordBreak: 'break-all' }}>
        {created.key}
      </Code>
      <Text size="sm" c="dimmed">
        Send it in the <Code>x-api-key</Code> header to <Code>POST /v1/inbound/messages</Code>.
      </Text>
      <Group justify="flex-end">
        <CopyButton value={created.key}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy key'}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onClose}>I stored it, close</Button>
      </Group>
    </Stack>
  );
}

/** Name a key, then see it once. Closing the dialog drops the key from the page. */
export function CreateKeyDialog({ onClose }: { onClose: () => void }) {
  const create = useApiMutation('POST /api-keys', { invalidate: ['GET /api-keys'] });
  const once = useSubmitOnce();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: { name: '' }, validate: validateWith(createApiKeyBody) });
  const close = () => {
    create.reset();
    setCreated(null);
    onClose();
  };
  const submit = form.onSubmit((v) =>
    once(async () => {
      setError(null);
      try {
        setCreated(await create.mutateAsync({ body: v }));
      } catch (err) {
        if (!applyServerErrors(form, err)) setError(errorMessage(err));
      }
    }),
  );
  return (
    <Modal
      opened
      onClose={close}
      title={created ? `API key ${created.name}` : 'Create an API key'}
      // Shown once: a stray click beside the dialog must not throw the key away.
      closeOnClickOutside={!created}
      size="lg"
    >
      {created ? (
        <NewKey created={created} onClose={close} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label="Name"
              placeholder="Messaging provider webhook"
              description="Says where the key is used, so it can be revoked without guessing."
              data-autofocus
              {...form.getInputProps('name')}
            />
            <FormActions onCancel={close} submit="Create" loading={create.isPending} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
