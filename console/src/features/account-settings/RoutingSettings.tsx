import { Alert, Button, Group, Radio, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { OwnerFallback, RoutingSettings as Settings, RoutingStrategy } from '@switchboard/client-sdk';
import { OWNER_FALLBACKS, ROUTING_STRATEGIES, routingSettingsBody } from '@switchboard/client-sdk/contract';
import { useState } from 'react';
import { QueryState } from '../../components/PageState.js';
import { errorMessage } from '../../lib/errors.js';
import { applyServerErrors, useSubmitOnce, validateWith } from '../../lib/forms.js';
import { useApiMutation, useApiQuery } from '../../lib/query.js';

// The meanings are docs/routing.md's, in one line each; the records make a new enum value ask for its words.
const STRATEGIES: Record<RoutingStrategy, { label: string; description: string }> = {
  balanced: {
    label: 'Balanced',
    description:
      'The agent using the smallest share of their capacity gets it; a tie goes to whoever has waited longest.',
  },
  round_robin: {
    label: 'Round robin',
    description: 'Agents take turns: the one longest without a new conversation goes next, within their capacity.',
  },
};
const FALLBACKS: Record<OwnerFallback, { label: string; description: string }> = {
  pool: {
    label: 'Route to the pool',
    description: 'Another eligible agent gets the conversation now, by the strategy above.',
  },
  wait: {
    label: 'Wait for the owner',
    description: 'The conversation stays in Unassigned until the owner is available and has a free slot.',
  },
};

function RoutingForm({ settings }: { settings: Settings }) {
  const save = useApiMutation('PUT /account/routing', { invalidate: ['GET /account/routing'] });
  const once = useSubmitOnce();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ mode: 'controlled', initialValues: settings, validate: validateWith(routingSettingsBody) });
  const submit = form.onSubmit((v) =>
    once(async () => {
      setError(null);
      try {
        const r = await save.mutateAsync({ body: v });
        form.setInitialValues(r);
        form.resetDirty(r);
        notifications.show({ color: 'teal', message: 'Routing settings saved: they apply to the next decision' });
      } catch (err) {
        if (!applyServerErrors(form, err)) setError(errorMessage(err));
      }
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={640}>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Radio.Group
          label="Strategy"
          description="How the next conversation chooses among the agents who can take it."
          {...form.getInputProps('strategy')}
        >
          <Stack gap="xs" mt="xs">
            {ROUTING_STRATEGIES.map((s) => (
              <Radio key={s} value={s} label={STRATEGIES[s].label} description={STRATEGIES[s].description} />
            ))}
          </Stack>
        </Radio.Group>
        <Radio.Group
          label="When a contact's owner cannot take the conversation"
          description="A contact's conversations go to its owner first, when the owner is available and below capacity."
          {...form.getInputProps('ownerFallback')}
        >
          <Stack gap="xs" mt="xs">
            {OWNER_FALLBACKS.map((f) => (
              <Radio key={f} value={f} label={FALLBACKS[f].label} description={FALLBACKS[f].description} />
            ))}
          </Stack>
        </Radio.Group>
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            Save routing settings
          </Button>
          {form.isDirty() && (
            <Button variant="subtle" onClick={() => form.reset()}>
              Undo changes
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

export function RoutingSettings() {
  const settings = useApiQuery('GET /account/routing');
  return <QueryState query={settings}>{(s) => <RoutingForm settings={s} />}</QueryState>;
}
