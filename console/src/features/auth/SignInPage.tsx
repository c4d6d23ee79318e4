import { Alert, Anchor, Button, Center, Checkbox, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../lib/errors.js';
import { applyServerErrors, EMAIL_RE } from '../../lib/forms.js';
import { useApi, useSession } from '../../lib/session.js';

function TwoFactorStep({ onDone }: { onDone: (token: string) => void }) {
  const api = useApi();
  const [useRecovery, setUseRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { code: '' },
    validate: {
      code: (v) =>
        useRecovery
          ? v.trim()
            ? null
            : 'Enter a recovery code'
          : /^\d{6}$/.test(v.trim())
            ? null
            : 'Enter the 6-digit code',
    },
  });
  const submit = form.onSubmit(async ({ code }) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.verifySignIn(useRecovery ? { recoveryCode: code.trim() } : { code: code.trim() });
      onDone(r.token);
    } catch (err) {
      if (!applyServerErrors(form, err)) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} size="h3">
          Two-factor authentication
        </Title>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <TextInput
          label={useRecovery ? 'Recovery code' : 'Authentication code'}
          autoComplete="one-time-code"
          autoFocus
          inputMode={useRecovery ? 'text' : 'numeric'}
          {...form.getInputProps('code')}
        />
        <Button type="submit" loading={busy}>
          Verify
        </Button>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => {
            setUseRecovery(!useRecovery);
            form.reset();
          }}
        >
          {useRecovery ? 'Use an authenticator code instead' : 'Use a recovery code instead'}
        </Anchor>
      </Stack>
    </form>
  );
}

export function SignInPage() {
  const api = useApi();
  const { token, signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next') ?? '/';
  const [mfa, setMfa] = useState<{ remember: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: params.get('email') ?? '', password: '', remember: false },
    validate: {
      email: (v) => (EMAIL_RE.test(v.trim()) ? null : 'Enter a valid email'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });
  if (token && !mfa) return <Navigate to={next} replace />;

  const finish = (t: string, remember: boolean) => {
    signedIn(t, remember);
    void navigate(next.startsWith('/') ? next : '/', { replace: true });
  };
  const submit = form.onSubmit(async (v) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.signIn({ email: v.email.trim(), password: v.password });
      if (r.stage === 'mfa') setMfa({ remember: v.remember });
      else finish(r.token, v.remember);
    } catch (err) {
      if (!applyServerErrors(form, err)) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  });
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder p="xl" w={380} maw="100%">
        {mfa ? (
          <TwoFactorStep onDone={(t) => finish(t, mfa.remember)} />
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack>
              <Title order={1} size="h3">
                Sign in to Switchboard
              </Title>
              {error && (
                <Alert color="red" role="alert">
                  {error}
                </Alert>
              )}
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                autoFocus
                {...form.getInputProps('email')}
              />
              <PasswordInput label="Password" autoComplete="current-password" {...form.getInputProps('password')} />
              <Checkbox
                label="Keep me signed in on this device"
                {...form.getInputProps('remember', { type: 'checkbox' })}
              />
              <Button type="submit" loading={busy}>
                Sign in
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
    </Center>
  );
}
