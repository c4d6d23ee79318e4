import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '../../server/src/db/entities/user.entity.js';
import { hashPassword } from '../../server/src/core/password.js';

export const PASSWORD = 'correct-horse-battery';
let hashed: Promise<string> | undefined;

export interface SeededUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface SeededAccount {
  id: string;
  owner: SeededUser;
  /** One active user per role (the Admin one is not the owner). */
  byRole: Record<Role, SeededUser>;
  team: { id: string; name: string };
}

/**
 * An account with an owner, one active user of every role and a team, written with plain SQL so a test
 * can make as many accounts as it needs (the demo seed makes exactly one). Everyone's password is PASSWORD.
 */
export async function seedAccount(em: EntityManager, label: string): Promise<SeededAccount> {
  hashed ??= hashPassword(PASSWORD);
  const passwordHash = await hashed;
  const id = randomUUID();
  const domain = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(0, 8)}.test`;
  const users: SeededUser[] = [];
  await em.transactional(async (tx) => {
    await tx.execute(`insert into accounts (id, name, created_at) values (?, ?, now())`, [id, label], 'run');
    const add = async (role: Role, local: string, name: string) => {
      const u = { id: randomUUID(), email: `${local}@${domain}`, name, role };
      await tx.execute(
        `insert into users (id, account_id, email, name, role, status, password_hash, created_at, activated_at) values (?, ?, ?, ?, ?, 'active', ?, now(), now())`,
        [u.id, id, u.email, u.name, role, passwordHash],
        'run',
      );
      await tx.execute(`insert into agent_loads (user_id, account_id, ongoing) values (?, ?, 0)`, [u.id, id], 'run');
      users.push(u);
      return u;
    };
    await add('admin', 'owner', `${label} Owner`);
    for (const role of ROLES) await add(role, role.replace('_', '-'), `${label} ${role}`);
    await tx.execute(`update accounts set owner_id = ? where id = ?`, [users[0].id, id], 'run');
    await tx.execute(
      `insert into teams (id, account_id, name, created_at) values (?, ?, ?, now())`,
      [randomUUID(), id, 'Support'],
      'run',
    );
  });
  const [team] = await em.execute<{ id: string; name: string }[]>(`select id, name from teams where account_id = ?`, [
    id,
  ]);
  const byRole = Object.fromEntries(ROLES.map((r, i) => [r, users[i + 1]])) as Record<Role, SeededUser>;
  return { id, owner: users[0], byRole, team };
}
