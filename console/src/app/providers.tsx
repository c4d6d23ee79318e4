import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LiveProvider } from '../lib/live.js';
import { queryClient } from '../lib/query.js';
import { serverStatus } from '../lib/server-status.js';
import { SessionProvider } from '../lib/session.js';
import { cssVariablesResolver, theme } from './theme.js';

// Back from an outage: refetch whatever is on screen.
serverStatus.onRecover(() => void queryClient.invalidateQueries());

export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <LiveProvider>{children}</LiveProvider>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
