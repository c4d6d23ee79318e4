import { Alert } from '@mantine/core';

/** A route the user's role may not use: said plainly, never a broken page. */
export function NotAllowed({ what = 'This page' }: { what?: string }) {
  return (
    <Alert color="yellow" title="Not available to your role" role="alert">
      {what} is not available to your role. Ask an Admin of your account if you need it.
    </Alert>
  );
}
