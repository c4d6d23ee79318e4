import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { AuditAction, auditEventDto, auditQuery } from '@switchboard/client-sdk/contract';

export interface Actor {
  userId: string | null;
  name: string | null;
}

export interface AuditRecord {
  accountId: string;
  actor: Actor;
  action: AuditAction;
  target: {
    type: 'user' | 'team' | 'account' | 'invitation' | 'channel' | 'api_key' | 'contact';
    id: string | null;
    label: string | null;
  };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Writes one audit event through `em`, so called with a transaction's EntityManager it commits or rolls
 * back with the change it describes. Names are snapshots: the log stays readable after a user is removed.
 */
export async function recordAudit(em: EntityManager, r: AuditRecord): Promise<void> {
  await em.execute(
    `insert into audit_events (account_id, actor_user_id, actor_name, action, target_type, target_id, target_label, before, after, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, clock_timestamp())`,
    [
      r.accountId,
      r.actor.userId,
      r.actor.name?.slice(0, 200) ?? null,
      r.action,
      r.target.type,
      r.target.id,
      r.target.label?.slice(0, 320) ?? null,
      r.before ? JSON.stringify(r.before) : null,
      r.after ? JSON.stringify(r.after) : null,
    ],
    'run',
  );
}

interface AuditRow {
  id: string;
  created_at: Date;
  actor_user_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  target_label: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * Newest first, keyset-paginated on the id (stable while new events arrive, unlike an offset). The order names
 * the table's column: a bare `id` would be the text alias of the select list, which sorts "9" above "10".
 */
export async function listAudit(
  em: EntityManager,
  accountId: string,
  q: z.output<typeof auditQuery>,
): Promise<{ items: z.output<typeof auditEventDto>[]; nextCursor: string | null }> {
  const where = ['account_id = ?'];
  const params: unknown[] = [accountId];
  if (q.cursor) {
    where.push('id < ?');
    params.push(q.cursor);
  }
  if (q.action) {
    where.push('action = ?');
    params.push(q.action);
  }
  if (q.targetId) {
    where.push('target_id = ?');
    params.push(q.targetId);
  }
  if (q.actorId) {
    where.push('actor_user_id = ?');
    params.push(q.actorId);
  }
  const rows = await em.execute<AuditRow[]>(
    `select id::text as id, created_at, actor_user_id, actor_name, action, target_type, target_id, target_label, before, after
       from audit_events where ${where.join(' and ')} order by audit_events.id desc limit ?`,
    [...params, q.limit + 1],
  );
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: new Date(r.created_at).toISOString(),
      actor: { id: r.actor_user_id, name: r.actor_name },
      action: r.action,
      target: { type: r.target_type, id: r.target_id, label: r.target_label },
      before: r.before,
      after: r.after,
    })),
    nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
  };
}
