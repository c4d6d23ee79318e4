import { Alert, Anchor, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AccountSecurity } from '@switchboard/client-sdk';
import { useState } from 'react';
import { Link } from 'react-router';
import { QueryState } from '../../components/PageState.js';
import { errorMessage } from '../../lib/errors.js';
import { ENROLL_2FA_PATH } from '../../lib/feature.js';
import { useSubmitOnce } from '../../lib/forms.js';
import { useApiMutation, useApiQuery } from '../../lib/query.js';
import { useMe } from '../../lib/session.js';

const members = (n: number) => (n === 1 ? '1 active member has' : `${n} active members have`);

function Require2fa({ security }: { security: AccountSecurity }) {
  const me = useMe();
  const save = useApiMutation('PUT /account/security', { invalidate: ['GET /account/security', 'GET /me'] });
  const once = useSubmitOnce();
  const [error, setError] = useState<string | null>(null);
  // The server refuses to turn it on for an admin without 2FA (it would shut them out of this very switch).
  const blocked = !security.require2fa && !me.user.totpEnabled;
  const toggle = (require2fa: boolean) =>
    once(async () => {
      setError(null);
      try {
        await save.mutateAsync({ body: { require2fa } });
        notifications.show({
          color: 'teal',
          message: require2fa ? 'Two-factor authentication is now required' : 'Two-factor authentication is optional',
        });
      } catch (err) {
        setError(errorMessage(err));
      }
    });
  return (
    <Stack maw={640}>
      <Switch
        label="Require two-factor authentication for all members"
        description="Members who have not set it up can reach only the enrollment screen until they do."
        // Shows the asked-for state while the server decides; a refusal puts the switch back.
        checked={save.isPending && save.variables ? save.variables.body.require2fa : security.require2fa}
        disabled={blocked || save.isPending}
        onChange={(e) => void toggle(e.currentTarget.checked)}
      />
      {blocked && (
        <Text size="sm">
          Set up two-factor authentication for yourself first: requiring it now would lock you out of this setting.{' '}
          <Anchor component={Link} to={ENROLL_2FA_PATH} state={{ back: '/settings?tab=security' }}>
            Set up 2FA for yourself
          </Anchor>
        </Text>
      )}
      <Text size="sm" c="dimmed" data-testid="members-without-2fa">
        {security.membersWithout2fa === 0
          ? 'Every active member has set up 2FA.'
          : security.require2fa
            ? `${members(security.membersWithout2fa)} not set up 2FA: they are asked to enroll before anything else.`
            : `${members(security.membersWithout2fa)} not set up 2FA yet.`}
      </Text>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}

export function SecuritySettings() {
  const security = useApiQuery('GET /account/security');
  return <QueryState query={security}>{(s) => <Require2fa security={s} />}</QueryState>;
}
