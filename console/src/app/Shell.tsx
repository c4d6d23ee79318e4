import {
  ActionIcon,
  Alert,
  AppShell,
  Burger,
  Group,
  Menu,
  NavLink,
  Text,
  Title,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';
import { ConnectionStatus } from '../components/ConnectionStatus.js';
import { useServerDown } from '../lib/server-status.js';
import { useMe, useSession } from '../lib/session.js';
import { headerItems, nav } from './features.js';

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  return (
    <ActionIcon
      variant="default"
      size="lg"
      aria-label={scheme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
      onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
    >
      <span aria-hidden>{scheme === 'dark' ? '☀' : '☾'}</span>
    </ActionIcon>
  );
}

export function ServerBanner() {
  const down = useServerDown();
  if (!down) return null;
  return (
    <Alert color="orange" role="status" aria-live="polite" radius={0} py={6}>
      The server is not answering. Reconnecting… what you typed is kept.
    </Alert>
  );
}

export function Shell() {
  const me = useMe();
  const { signOut, signOutEverywhere } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const entries = nav.filter((n) => me.menus.includes(n.menu));
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={2} size="h4">
              Switchboard
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {me.account.name}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {headerItems
              .filter((h) => me.menus.includes(h.menu))
              .map((h, i) => (
                <h.component key={i} />
              ))}
            <ConnectionStatus />
            <ThemeToggle />
            <Menu position="bottom-end">
              <Menu.Target>
                <UnstyledButton aria-label={`Account menu of ${me.user.name || me.user.email}`} px="xs">
                  <Text size="sm" fw={500}>
                    {me.user.name || me.user.email}
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.user.email}</Menu.Label>
                <Menu.Item onClick={() => void signOut()}>Sign out</Menu.Item>
                <Menu.Item onClick={() => void signOutEverywhere()}>Sign out everywhere</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <nav aria-label="Menus">
          {entries.map((n) => (
            <NavLink
              key={n.to}
              variant="filled"
              component={Link}
              to={n.to}
              label={n.label}
              onClick={close}
              active={location.pathname === n.to || location.pathname.startsWith(`${n.to}/`)}
              aria-current={location.pathname.startsWith(n.to) ? 'page' : undefined}
            />
          ))}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main>
        <ServerBanner />
        <div style={{ minWidth: 0 }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
