import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';

/**
 * Seeds a load-test account straight into PostgreSQL with a handful of multi-row statements: 10,000 agents
 * through the invitation flow would take minutes, through `unnest` it takes about a second. Sessions are
 * inserted too (token hash only, as the server stores them), so agents connect without signing in.
 * Mirrors the columns the server writes; if a migration adds a required column, this is the place to follow.
 */

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

export interface SeedSpec {
  /** How many agents. */
  agents: number;
  /**
   * Their role. The bench uses `sale` (sees what is assigned to them) so each assignment is delivered to its
   * agent only; `service` sees the whole account, so every assignment fans out to every connected agent.
   * @default 'sale'
   */
  role?: 'sale' | 'service' | 'operator';
  /** Per agent; null = unlimited. */
  capacity: number | null;
  /** Agents are spread round-robin over this many teams (0 = no teams). */
  teams?: number;
  admins?: number;
  /** An Argon2 hash for the shared password, when the run also signs in by password (the harness does). */
  passwordHash?: string | null;
  name?: string;
}

export interface SeededUser {
  id: string;
  email: string;
  token: string;
}

export interface SeededAccount {
  accountId: string;
  channelId: string;
  channelPhone: string;
  apiKey: string;
  teamIds: string[];
  agents: SeededUser[];
  admins: SeededUser[];
}

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export async function seedAccount(db: pg.Pool, spec: SeedSpec): Promise<SeededAccount> {
  const accountId = randomUUID();
  const tag = randomBytes(3).toString('hex');
  const channelId = randomUUID();
  const channelPhone = `+1555${Math.floor(1e6 + Math.random() * 8.9e6)}`;
  const apiKey = token('sbk_');
  const teamIds = Array.from({ length: spec.teams ?? 0 }, () => randomUUID());
  const mk = (kind: string, i: number): SeededUser => ({
    id: randomUUID(),
    email: `${kind}${i}.${tag}@bench.switchboard.test`,
    token: token('sbs_'),
  });
  const admins = Array.from({ length: Math.max(1, spec.admins ?? 1) }, (_, i) => mk('admin', i));
  const agents = Array.from({ length: spec.agents }, (_, i) => mk('agent', i));

  const client = await db.connect();
  try {
    await client.query('begin');
    await client.query(`insert into accounts (id, name, created_at) values ($1, $2, now())`, [
      accountId,
      spec.name ?? `Bench ${tag}`,
    ]);
    await insertUsers(client, accountId, admins, 'admin', null, spec.passwordHash ?? null);
    for (let i = 0; i < agents.length; i += 5000) {
      await insertUsers(
        client,
        accountId,
        agents.slice(i, i + 5000),
        spec.role ?? 'sale',
        spec.capacity,
        spec.passwordHash ?? null,
      );
    }
    await client.query(`update accounts set owner_id = $2 where id = $1`, [accountId, admins[0].id]);
    if (teamIds.length) {
      await client.query(
        `insert into teams (id, account_id, name, created_at) select t.id, $1, 'Team ' || t.n, now() from unnest($2::uuid[]) with ordinality as t(id, n)`,
        [accountId, teamIds],
      );
      await client.query(
        `insert into team_members (team_id, user_id, account_id) select ($2::uuid[])[(u.n - 1) % $3 + 1], u.id, $1 from unnest($4::uuid[]) with ordinality as u(id, n)`,
        [accountId, teamIds, teamIds.length, agents.map((a) => a.id)],
      );
    }
    await client.query(
      `insert into channels (id, account_id, name, phone_number, created_at) values ($1, $2, 'Bench WhatsApp', $3, now())`,
      [channelId, accountId, channelPhone],
    );
    await client.query(
      `insert into api_keys (id, account_id, name, prefix, key_hash, created_at) values ($1, $2, 'Bench inbound key', $3, $4, now())`,
      [randomUUID(), accountId, apiKey.slice(0, 12), sha256(apiKey)],
    );
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
  return { accountId, channelId, channelPhone, apiKey, teamIds, agents, admins };
}

async function insertUsers(
  db: Queryable,
  accountId: string,
  users: SeededUser[],
  role: string,
  capacity: number | null,
  passwordHash: string | null,
) {
  const ids = users.map((u) => u.id);
  await db.query(
    `insert into users (id, account_id, email, name, role, status, password_hash, capacity, created_at, activated_at)
     select u.id, $1, u.email, 'Bench ' || u.email, $4, 'active', $5, $6, now(), now() from unnest($2::uuid[], $3::text[]) as u(id, email)`,
    [accountId, ids, users.map((u) => u.email), role, passwordHash, capacity],
  );
  await db.query(
    `insert into agent_loads (user_id, account_id, ongoing) select id, $1, 0 from unnest($2::uuid[]) as u(id)`,
    [accountId, ids],
  );
  await db.query(
    `insert into sessions (id, account_id, user_id, token_hash, stage, created_at, last_seen_at, expires_at)
     select gen_random_uuid(), $1, s.user_id, s.token_hash, 'full', now(), now(), now() + interval '1 day'
       from unnest($2::uuid[], $3::text[]) as s(user_id, token_hash)`,
    [accountId, ids, users.map((u) => sha256(u.token))],
  );
}

let phoneCounter = 0;

/**
 * Stores `n` unassigned conversations (each with its own new contact and one inbound message), oldest first,
 * as the inbound path would leave them just before routing. Returns their ids in queue order.
 */
export async function insertQueuedConversations(
  db: Queryable,
  account: Pick<SeededAccount, 'accountId' | 'channelId'>,
  n: number,
  opts: { teamId?: string | null; priority?: number } = {},
): Promise<string[]> {
  const base = ++phoneCounter * 10_000_000 + Math.floor(Math.random() * 1000) * 10_000_000_000;
  const { rows } = await db.query<{ id: string }>(
    `with c as (
       insert into contacts (id, account_id, phone_number, name, created_at)
       select gen_random_uuid(), $1, '+' || ($3::bigint + g), 'Bench contact ' || g, now() from generate_series(1, $4) g
       returning id, phone_number
     ), v as (
       insert into conversations (id, account_id, channel_id, contact_id, status, team_id, priority, queued_at, last_message_at, created_at)
       select gen_random_uuid(), $1, $2, c.id, 'unassigned', $5, $6,
              clock_timestamp(), now(), now()
         from c order by c.phone_number
       returning id, queued_at
     )
     select id from v order by queued_at, id`,
    [account.accountId, account.channelId, base, n, opts.teamId ?? null, opts.priority ?? 0],
  );
  await db.query(
    `insert into messages (account_id, conversation_id, direction, body, created_at) select $1, id, 'inbound', 'bench', now() from unnest($2::uuid[]) as t(id)`,
    [account.accountId, rows.map((r) => r.id)],
  );
  return rows.map((r) => r.id);
}
