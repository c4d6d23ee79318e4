import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../core/password.js';
import { hashToken } from '../core/tokens.js';
import { Account, AgentLoad, ApiKey, Channel, Team, TeamMember, User, type Role } from './entities/index.js';

export const DEMO = {
  accountName: 'Demo Shop',
  password: 'switchboard-demo',
  owner: 'owner@demo.switchboard.test',
  /** Demo only: a fixed key so the README and the start-up banner can show it every time. */
  apiKey: 'sbk_demo_inbound_key_do_not_use_in_production',
  channelPhone: '+15550100',
} as const;

const people: Array<{ email: string; name: string; role: Role; capacity: number | null; teams: string[] }> = [
  { email: DEMO.owner, name: 'Olivia Owner', role: 'admin', capacity: null, teams: [] },
  { email: 'admin@demo.switchboard.test', name: 'Adam Admin', role: 'admin', capacity: 5, teams: ['Support'] },
  { email: 'operator@demo.switchboard.test', name: 'Opal Operator', role: 'operator', capacity: 5, teams: ['Support'] },
  { email: 'developer@demo.switchboard.test', name: 'Dev Developer', role: 'developer', capacity: 0, teams: [] },
  {
    email: 'manager@demo.switchboard.test',
    name: 'Ines Inbox-Manager',
    role: 'inbox_manager',
    capacity: 3,
    teams: ['Support', 'Sales'],
  },
  { email: 'service1@demo.switchboard.test', name: 'Sam Service', role: 'service', capacity: 4, teams: ['Support'] },
  { email: 'service2@demo.switchboard.test', name: 'Sue Service', role: 'service', capacity: 4, teams: ['Support'] },
  { email: 'sale1@demo.switchboard.test', name: 'Sal Sale', role: 'sale', capacity: 3, teams: ['Sales'] },
  { email: 'sale2@demo.switchboard.test', name: 'Sara Sale', role: 'sale', capacity: 3, teams: ['Sales'] },
];

/** Seeds the demo account once; returns false when it already exists. Runs in one transaction. */
export async function seedDemo(em: EntityManager): Promise<boolean> {
  if (await em.count(Account, { name: DEMO.accountName })) return false;
  const passwordHash = await hashPassword(DEMO.password);
  await em.transactional(async (tx) => {
    const account = tx.create(Account, { name: DEMO.accountName });
    let owner: User | undefined;
    const teams = new Map(['Support', 'Sales'].map((name) => [name, tx.create(Team, { account, name })]));
    for (const person of people) {
      const user = tx.create(User, {
        account,
        email: person.email,
        name: person.name,
        role: person.role,
        status: 'active',
        passwordHash,
        capacity: person.capacity,
        activatedAt: new Date(),
      });
      tx.create(AgentLoad, { user, account, ongoing: 0 });
      for (const t of person.teams) tx.create(TeamMember, { team: teams.get(t)!, user, account });
      if (person.email === DEMO.owner) owner = user;
    }
    tx.create(Channel, { account, name: 'WhatsApp main', phoneNumber: DEMO.channelPhone, defaultTeam: null });
    tx.create(ApiKey, {
      account,
      name: 'Demo inbound key',
      prefix: DEMO.apiKey.slice(0, 12),
      keyHash: hashToken(DEMO.apiKey),
    });
    // The owner column points at a user of the account: set it once both rows exist.
    await tx.flush();
    account.owner = tx.getReference(User, owner!.id, { wrapped: true });
  });
  return true;
}
