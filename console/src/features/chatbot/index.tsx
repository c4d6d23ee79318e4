import { Alert } from '@mantine/core';
import { PageHeader } from '../../components/PageHeader.js';
import type { Feature } from '../../lib/feature.js';

function ChatbotPage() {
  return (
    <>
      <PageHeader title="Chatbot" />
      <Alert color="blue" title="Not part of this product yet">
        Chatbots are not part of Switchboard yet. Conversations are routed to people by the rules in Integration and
        Account settings.
      </Alert>
    </>
  );
}

export const feature: Feature = {
  id: 'chatbot',
  routes: [{ path: '/chatbot', component: ChatbotPage, menu: 'chatbot' }],
  nav: [{ menu: 'chatbot', label: 'Chatbot', to: '/chatbot', order: 30 }],
};
