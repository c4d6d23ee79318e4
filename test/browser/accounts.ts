import { readFileSync } from 'node:fs';
import { initOrm, type Orm } from '../../server/src/db/orm.js';
import { seedAccount, type SeededAccount } from '../support/accounts.js';
import { E2E } from '../../console/e2e/support/env.js';

export { PASSWORD } from '../support/accounts.js';

let orm: Promise<Orm> | undefined;

/**
 * The browser tests' database (test/browser/stack.ts writes its URL to the state file), for the set-up the product
 * offers no screen for yet: a second account. Tests act through the browser for everything else.
 */
function stackOrm(): Promise<Orm> {
  const { databaseUrl } = JSON.parse(readFileSync(E2E.stateFile, 'utf8')) as { databaseUrl: string };
  orm ??= initOrm(databaseUrl);
  return orm;
}

/** A fresh account with an owner and one active user per role, none enrolled in 2FA. */
export async function newAccount(label: string, opts: { require2fa?: boolean } = {}): Promise<SeededAccount> {
  const em = (await stackOrm()).em.fork();
  const account = await seedAccount(em, label);
  if (opts.require2fa) await em.execute(`update accounts set require2fa = true where id = ?`, [account.id]);
  return account;
}

export async function closeDb(): Promise<void> {
  if (orm) await (await orm).close(true);
  orm = undefined;
}
