import {
  Alert,
  Button,
  Center,
  Code,
  CopyButton,
  Group,
  Image,
  List,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ErrorState, Loading } from '../../components/PageState.js';
import { errorMessage } from '../../lib/errors.js';
import { applyServerErrors } from '../../lib/forms.js';
import { useApi, useSession } from '../../lib/session.js';

/** The secret of an otpauth:// URI, for typing into an authenticator by hand. */
export function secretOf(uri: string): string {
  try {
    return new URL(uri).searchParams.get('secret') ?? '';
  } catch {
    return /[?&]secret=([^&]+)/.exec(uri)?.[1] ?? '';
  }
}

function RecoveryCodes({ codes, onContinue }: { codes: string[]; onContinue: () => void }) {
  const text = codes.join('\n');
  const download = () => {
    const url = URL.createObjectURL(new Blob([text + '\n'], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'switchboard-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack>
      <Title order={1} size="h3">
        Save your recovery codes
      </Title>
      <Text size="sm">Each code signs you in once if you lose your authenticator. They are shown only now.</Text>
      <Code block aria-label="Recovery codes">
        {text}
      </Code>
      <Group>
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy codes'}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" onClick={download}>
          Download codes
        </Button>
      </Group>
      <Button onClick={onContinue}>I saved them, continue</Button>
    </Stack>
  );
}

export function EnrollPage() {
  const api = useApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  // Where a voluntary enrollment came from (Account settings passes it), to return there afterwards.
  const back = (useLocation().state as { back?: string } | null)?.back ?? '/';
  const { me, signOut } = useSession();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const enrollment = useQuery({
    queryKey: ['POST /me/2fa/enroll'],
    queryFn: async () => {
      const e = await api.request('POST /me/2fa/enroll');
      const qr = await QRCode.toDataURL(e.otpauthUri, { margin: 1, width: 200 });
      return { ...e, qr, secret: secretOf(e.otpauthUri) };
    },
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    enabled: !me?.user.totpEnabled,
  });
  const form = useForm({
    mode: 'controlled',
    initialValues: { code: '' },
    validate: { code: (v) => (/^\d{6}$/.test(v.trim()) ? null : 'Enter the 6-digit code from your app') },
  });
  // Open to anyone without 2FA: forced enrollment lands here, and an admin sets up their own 2FA here before
  // requiring it of everyone (Account settings links to this screen).
  if (me?.user.totpEnabled && !codes) return <Navigate to="/" replace />;
  const required = me?.enrollmentRequired ?? true;

  const submit = form.onSubmit(async ({ code }) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.request('POST /me/2fa/confirm', { body: { code: code.trim() } });
      setCodes(r.recoveryCodes);
    } catch (err) {
      if (!applyServerErrors(form, err)) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  });
  const done = async () => {
    qc.removeQueries({ queryKey: ['POST /me/2fa/enroll'] });
    await qc.invalidateQueries({ queryKey: ['GET /me'] });
    void navigate(back, { replace: true });
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder p="xl" w={460} maw="100%">
        {codes ? (
          <RecoveryCodes codes={codes} onContinue={() => void done()} />
        ) : (
          <Stack>
            <Title order={1} size="h3">
              Set up two-factor authentication
            </Title>
            <Text size="sm">
              {required
                ? 'Your account requires two-factor authentication. '
                : 'Protect your sign-in with a second step. '}
              Scan the QR code with an authenticator app, then enter the code it shows.
            </Text>
            {enrollment.isPending ? (
              <Loading />
            ) : enrollment.error ? (
              <ErrorState error={enrollment.error} onRetry={() => void enrollment.refetch()} />
            ) : (
              <>
                <Center>
                  <Image src={enrollment.data.qr} alt="QR code for your authenticator app" w={200} h={200} />
                </Center>
                <List size="sm">
                  <List.Item>
                    Or enter this key by hand: <Code data-testid="totp-secret">{enrollment.data.secret}</Code>
                  </List.Item>
                </List>
                <form onSubmit={submit} noValidate>
                  <Stack>
                    {error && (
                      <Alert color="red" role="alert">
                        {error}
                      </Alert>
                    )}
                    <TextInput
                      label="Code from your app"
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      {...form.getInputProps('code')}
                    />
                    <Button type="submit" loading={busy}>
                      Confirm
                    </Button>
                  </Stack>
                </form>
              </>
            )}
            {required ? (
              <Button variant="subtle" onClick={() => void signOut()}>
                Sign out
              </Button>
            ) : (
              <Button variant="subtle" onClick={() => void navigate(back, { replace: true })}>
                Not now
              </Button>
            )}
          </Stack>
        )}
      </Paper>
    </Center>
  );
}
