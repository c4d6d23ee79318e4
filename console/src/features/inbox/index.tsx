import { Box, Group } from '@mantine/core';
import { useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.js';
import { EmptyState } from '../../components/PageState.js';
import type { Feature } from '../../lib/feature.js';
import { ConversationLists } from './ConversationLists.js';
import { ConversationView } from './ConversationView.js';
import { InboxHeader } from './InboxHeader.js';

/** The lists beside the open conversation; at 1024 px both fit without horizontal scrolling. */
function InboxPage() {
  const { conversationId } = useParams();
  return (
    <>
      <PageHeader title="Inbox" />
      <Group align="flex-start" wrap="nowrap" gap="md" style={{ minWidth: 0 }}>
        <Box component="section" aria-label="Conversation lists" w={280} style={{ flex: 'none' }}>
          <ConversationLists openId={conversationId} />
        </Box>
        <Box style={{ flex: 1, minWidth: 0 }}>
          {conversationId ? (
            <ConversationView key={conversationId} id={conversationId} />
          ) : (
            <EmptyState>Choose a conversation to read and answer it.</EmptyState>
          )}
        </Box>
      </Group>
    </>
  );
}

export const feature: Feature = {
  id: 'inbox',
  // One route for /inbox and /inbox/:conversationId, so opening a conversation keeps the lists as they were.
  routes: [{ path: '/inbox/:conversationId?', component: InboxPage, menu: 'inbox' }],
  nav: [{ menu: 'inbox', label: 'Inbox', to: '/inbox', order: 10 }],
  header: { menu: 'inbox', component: InboxHeader },
};
