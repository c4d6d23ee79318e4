import { Tabs } from '@mantine/core';
import { PageHeader } from '../../components/PageHeader.js';
import { QueryState } from '../../components/PageState.js';
import type { Feature } from '../../lib/feature.js';
import { useApiQuery } from '../../lib/query.js';
import { TeamsTab } from './TeamsTab.js';
import { UsersTab } from './UsersTab.js';

function UsersTeamsPage() {
  const teams = useApiQuery('GET /teams');
  return (
    <>
      <PageHeader title="Users & teams" />
      <QueryState query={teams}>
        {(t) => (
          <Tabs defaultValue="users" keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="users">Users</Tabs.Tab>
              <Tabs.Tab value="teams">Teams</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="users">
              <UsersTab teams={t.items} />
            </Tabs.Panel>
            <Tabs.Panel value="teams">
              <TeamsTab teams={t.items} />
            </Tabs.Panel>
          </Tabs>
        )}
      </QueryState>
    </>
  );
}

export const feature: Feature = {
  id: 'users-teams',
  routes: [{ path: '/users-teams', component: UsersTeamsPage, menu: 'users_teams' }],
  nav: [{ menu: 'users_teams', label: 'Users & teams', to: '/users-teams', order: 70 }],
};
