import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import type { ConversationSummary } from '@switchboard/client-sdk';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorState, Loading } from '../../components/PageState.js';
import { errorMessage } from '../../lib/errors.js';
import { useApiMutation, useApiQuery } from '../../lib/query.js';
import { refreshConversation } from './cache.js';
import { canSee } from './merge.js';
import { useViewer } from './queries.js';

/**
 * Hands the conversation to another agent (it stays assigned, to them) or to a team (it goes back to
 * Unassigned, routed within that team). The choice survives a failed request.
 */
export function TransferDialog({ conversation, onClose }: { conversation: ConversationSummary; onClose: () => void }) {
  const qc = useQueryClient();
  const viewer = useViewer();
  const navigate = useNavigate();
  const targets = useApiQuery('GET /conversations/:id/transfer-targets', { params: { id: conversation.id } });
  const transfer = useApiMutation('POST /conversations/:id/transfer', {
    onSuccess: (s) => {
      refreshConversation(qc, s.id);
      // A Sale user who hands over a conversation of a contact they do not own no longer sees it.
      if (!canSee(viewer, s)) void navigate('/inbox');
    },
  });
  const [kind, setKind] = useState<'agent' | 'team'>('agent');
  const [target, setTarget] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const options =
    kind === 'agent'
      ? (targets.data?.users ?? [])
          .filter((u) => u.id !== conversation.assigneeId)
          .map((u) => ({ value: u.id, label: u.name }))
      : (targets.data?.teams ?? []).map((t) => ({ value: t.id, label: t.name }));

  const submit = async () => {
    if (!target || transfer.isPending) return;
    setError(null);
    try {
      await transfer.mutateAsync({
        params: { id: conversation.id },
        body: kind === 'agent' ? { toUserId: target } : { toTeamId: target },
      });
      const name = options.find((o) => o.value === target)?.label ?? 'them';
      notifications.show({
        color: 'teal',
        message: `${conversation.contactName || 'The conversation'} went to ${name}`,
      });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Modal opened onClose={onClose} title="Transfer conversation">
      {targets.isPending ? (
        <Loading />
      ) : targets.error ? (
        <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <SegmentedControl
              aria-label="Transfer to"
              data={[
                { value: 'agent', label: 'An agent' },
                { value: 'team', label: 'A team' },
              ]}
              value={kind}
              onChange={(v) => {
                setKind(v === 'team' ? 'team' : 'agent');
                setTarget(null);
              }}
            />
            <Select
              label={kind === 'agent' ? 'Agent' : 'Team'}
              placeholder={options.length ? 'Choose' : kind === 'agent' ? 'No other agent' : 'No teams yet'}
              data={options}
              value={target}
              onChange={setTarget}
              searchable
              data-autofocus
              nothingFoundMessage="No match"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" disabled={!target} loading={transfer.isPending}>
                Transfer
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
