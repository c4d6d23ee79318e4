import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../../server/src/db/entities/user.entity.js';
import { hashToken } from '../../server/src/core/tokens.js';

/** Builds routing scenarios with plain SQL (fast, and independent of the users/teams modules). */
export class RoutingFixtures {
  constructor(private readonly em: () => EntityManager) {}

  private sql(q: string, p: unknown[] = []): Promise<any> {
    return this.em().execute(q, p);
  }

  async account(opts: { strategy?: 'balanced' | 'round_robin'; fallback?: 'pool' | 'wait' } = {}) {
    const id = randomUUID();
    await this.sql(
      `insert into accounts (id, name, routing_strategy, owner_fallback, created_at) values (?, ?, ?, ?, now())`,
      [id, `acc-${id.slice(0, 6)}`, opts.strategy ?? 'balanced', opts.fallback ?? 'pool'],
    );
    const apiKey = `sbk_test_${randomUUID()}`;
    await this.sql(
      `insert into api_keys (id, account_id, name, prefix, key_hash, created_at) values (gen_random_uuid(), ?, 'test', ?, ?, now())`,
      [id, apiKey.slice(0, 12), hashToken(apiKey)],
    );
    const channelId = randomUUID();
    const channelPhone = `+1555${Math.floor(Math.random() * 1e7)}`;
    await this.sql(
      `insert into channels (id, account_id, name, phone_number, created_at) values (?, ?, 'main', ?, now())`,
      [channelId, id, channelPhone],
    );
    return { id, apiKey, channelId, channelPhone };
  }

  async teams(accountId: string, n: number): Promise<string[]> {
    const ids = Array.from({ length: n }, () => randomUUID());
    for (const [i, t] of ids.entries())
      await this.sql(`insert into teams (id, account_id, name, created_at) values (?, ?, ?, now())`, [
        t,
        accountId,
        `team-${i}-${t.slice(0, 4)}`,
      ]);
    return ids;
  }

  async users(
    accountId: string,
    specs: Array<{ role?: Role; capacity?: number | null; teams?: string[]; status?: 'active' | 'pending' }>,
  ): Promise<string[]> {
    const rows = specs.map((s) => ({ id: randomUUID(), ...s }));
    await this.sql(
      `insert into users (id, account_id, email, name, role, status, capacity, created_at)
       select v.id, ?, v.id::text || '@x.test', 'agent ' || left(v.id::text, 6), v.role, v.status, v.capacity, now()
       from jsonb_to_recordset(?::jsonb) as v(id uuid, role text, status text, capacity int)`,
      [
        accountId,
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            role: r.role ?? 'service',
            status: r.status ?? 'active',
            capacity: r.capacity === undefined ? 5 : r.capacity,
          })),
        ),
      ],
    );
    await this.sql(
      `insert into agent_loads (user_id, account_id, ongoing) select id, account_id, 0 from users where account_id = ? on conflict do nothing`,
      [accountId],
    );
    const members = rows.flatMap((r) => (r.teams ?? []).map((t) => ({ team_id: t, user_id: r.id })));
    if (members.length) {
      await this.sql(
        `insert into team_members (team_id, user_id, account_id) select v.team_id, v.user_id, ? from jsonb_to_recordset(?::jsonb) as v(team_id uuid, user_id uuid)`,
        [accountId, JSON.stringify(members)],
      );
    }
    return rows.map((r) => r.id);
  }

  /** Unassigned conversations, each with its own contact; queued in array order (1 ms apart). */
  async conversations(
    accountId: string,
    channelId: string,
    specs: Array<{ teamId?: string | null; priority?: number; ownerId?: string | null }>,
  ): Promise<string[]> {
    const rows = specs.map((s, i) => ({
      id: randomUUID(),
      contact: randomUUID(),
      phone: `+9${Date.now() % 1e6}${i}${Math.floor(Math.random() * 1e6)}`,
      team: s.teamId ?? null,
      priority: s.priority ?? 0,
      owner: s.ownerId ?? null,
      i,
    }));
    const json = JSON.stringify(rows);
    await this.sql(
      `insert into contacts (id, account_id, phone_number, name, owner_id, created_at)
       select v.contact, ?, v.phone, 'contact ' || v.i, v.owner, now() from jsonb_to_recordset(?::jsonb) as v(contact uuid, phone text, i int, owner uuid)`,
      [accountId, json],
    );
    await this.sql(
      `insert into conversations (id, account_id, channel_id, contact_id, status, team_id, priority, queued_at, last_message_at, created_at)
       select v.id, ?, ?, v.contact, 'unassigned', v.team, v.priority, now() + v.i * interval '1 microsecond', now(), now()
       from jsonb_to_recordset(?::jsonb) as v(id uuid, contact uuid, team uuid, priority int, i int)`,
      [accountId, channelId, json],
    );
    return rows.map((r) => r.id);
  }
}
