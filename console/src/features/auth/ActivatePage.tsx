import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorState, Loading } from '../../components/PageState.js';
import { errorMessage } from '../../lib/errors.js';
import { applyServerErrors } from '../../lib/forms.js';
import { useApiQuery } from '../../lib/query.js';
import { useApi, useSession } from '../../lib/session.js';

/** The invitation email's link: `/activate?token=…`. Set a name and password, then sign in. */
export function ActivatePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const api = useApi();
  const { signedIn, forget, token: session } = useSession();
  const navigate = useNavigate();
  const info = useApiQuery('GET /invitations/:token', { params: { token } }, { enabled: token !== '', retry: false });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', password: '', confirm: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter your name'),
      password: (v) => (v.length >= 8 ? null : 'At least 8 characters'),
      confirm: (v, all) => (v === all.password ? null : 'The passwords differ'),
    },
  });
  const submit = form.onSubmit(async (v) => {
    if (busy || !info.data) return;
    setBusy(true);
    setError(null);
    try {
      await api.request('POST /invitations/accept', { body: { token, name: v.name.trim(), password: v.password } });
      if (session) forget();
      const r = await api.signIn({ email: info.data.email, password: v.password, accountId: info.data.account.id });
      if (r.stage === 'full') {
        signedIn(r.token, false);
        void navigate('/', { replace: true });
      } else {
        forget();
        void navigate(`/sign-in?email=${encodeURIComponent(info.data.email)}`, { replace: true });
      }
    } catch (err) {
      if (!applyServerErrors(form, err)) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  });

  let body;
  if (!token)
    body = (
      <Alert color="red" role="alert" title="No activation token">
        Open the link from your invitation email.
      </Alert>
    );
  else if (info.isPending) body = <Loading />;
  else if (info.error) body = <ErrorState title="This activation link cannot be used" error={info.error} />;
  else
    body = (
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            You were invited to <b>{info.data.account.name}</b> as <b>{info.data.email}</b>.
          </Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Your name" autoComplete="name" autoFocus {...form.getInputProps('name')} />
          <PasswordInput
            label="Password"
            autoComplete="new-password"
            description="At least 8 characters"
            {...form.getInputProps('password')}
          />
          <PasswordInput label="Confirm password" autoComplete="new-password" {...form.getInputProps('confirm')} />
          <Button type="submit" loading={busy}>
            Activate account
          </Button>
        </Stack>
      </form>
    );
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder p="xl" w={420} maw="100%">
        <Stack>
          <Title order={1} size="h3">
            Activate your account
          </Title>
          {body}
        </Stack>
      </Paper>
    </Center>
  );
}
