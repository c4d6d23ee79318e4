import { Tabs } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.js';
import type { Feature } from '../../lib/feature.js';
import { AuditLog } from './AuditLog.js';
import { RoutingSettings } from './RoutingSettings.js';
import { SecuritySettings } from './SecuritySettings.js';

const TABS = ['routing', 'security', 'audit'] as const;
type Tab = (typeof TABS)[number];

function SettingsPage() {
  // The tab lives in the URL, so a reload or a shared link opens the same one.
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = TABS.find((t) => t === asked) ?? 'routing';
  return (
    <>
      <PageHeader title="Account settings" />
      <Tabs value={tab} onChange={(t) => setParams(t && t !== 'routing' ? { tab: t } : {})} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="routing">Routing</Tabs.Tab>
          <Tabs.Tab value="security">Security</Tabs.Tab>
          <Tabs.Tab value="audit">Audit log</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="routing">
          <RoutingSettings />
        </Tabs.Panel>
        <Tabs.Panel value="security">
          <SecuritySettings />
        </Tabs.Panel>
        <Tabs.Panel value="audit">
          <AuditLog />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

export const feature: Feature = {
  id: 'account-settings',
  routes: [{ path: '/settings', component: SettingsPage, menu: 'account_settings' }],
  nav: [{ menu: 'account_settings', label: 'Account settings', to: '/settings', order: 60 }],
};
