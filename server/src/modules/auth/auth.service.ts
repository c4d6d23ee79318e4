import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../core/config.js';
import { Account, type Team, TeamMember, User } from '../../db/entities/index.js';
import { conflict, unauthenticated } from '../../core/errors.js';
import type { AuthContext } from './auth.context.js';
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../core/password.js';
import { PERMISSIONS } from '../../core/permissions.js';
import { createSession } from './session.service.js';

// A real hash of a random password, so an unknown email costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

export async function signIn(
  em: EntityManager,
  config: Config,
  input: { email: string; password: string; accountId?: string },
  meta: { ip?: string; userAgent?: string },
) {
  const candidates = await em.find(
    User,
    { email: input.email, status: 'active', ...(input.accountId ? { account: input.accountId } : {}) },
    { populate: ['account'] },
  );
  const matches: typeof candidates = [];
  for (const u of candidates) if (await verifyPassword(u.passwordHash, input.password)) matches.push(u);
  if (!candidates.length) await verifyPassword(await dummy(), input.password);
  if (!matches.length) throw unauthenticated('Wrong email or password');
  if (matches.length > 1) {
    throw conflict('This email belongs to several accounts: sign in again with accountId', {
      accounts: matches.map((u) => ({ id: u.account.id, name: u.account.getEntity().name })),
    });
  }
  const user = matches[0];
  const account = user.account.getEntity();
  const stage = user.totpEnabledAt ? 'mfa' : 'full';
  const s = await createSession(
    em,
    { id: user.id, accountId: account.id },
    { stage, ttlHours: config.SESSION_TTL_HOURS, ...meta },
  );
  return {
    token: s.token,
    expiresAt: s.expiresAt.toISOString(),
    stage,
    enrollmentRequired: account.require2fa && !user.totpEnabledAt,
  } as const;
}

export async function me(em: EntityManager, auth: AuthContext) {
  const user = await em.findOneOrFail(User, { id: auth.userId, account: auth.accountId });
  const account = await em.findOneOrFail(Account, { id: auth.accountId });
  const memberships = await em.find(
    TeamMember,
    { user: auth.userId, account: auth.accountId },
    { populate: ['team'], orderBy: { team: { name: 'asc' } } },
  );
  const { menus, ...permissions } = PERMISSIONS[user.role];
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      capacity: user.capacity ?? null,
      isOwner: account.owner?.id === user.id,
      totpEnabled: !!user.totpEnabledAt,
      teams: memberships.map((m) => ({ id: m.team.id, name: (m.team.getEntity() as Team).name })),
    },
    account: { id: account.id, name: account.name, require2fa: account.require2fa },
    menus: [...menus],
    permissions,
    enrollmentRequired: auth.enrollmentRequired,
  };
}
