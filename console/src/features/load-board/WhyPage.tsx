import { Anchor, Stack } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState } from '../../components/PageState.js';
import { RoutingHistory } from '../../components/RoutingHistory.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "Why this agent" for one conversation, reached from the board's waiting list. */
export function WhyPage() {
  const { id = '' } = useParams();
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/load-board" size="sm">
        ← Back to the load board
      </Anchor>
      <PageHeader title="Why this agent" />
      {UUID.test(id) ? (
        <RoutingHistory conversationId={id} />
      ) : (
        <EmptyState>This is not a conversation link.</EmptyState>
      )}
    </Stack>
  );
}
