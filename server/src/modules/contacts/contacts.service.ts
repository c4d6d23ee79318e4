import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { contactDto, listContactsQuery } from '@switchboard/client-sdk/contract';
import { forbidden, notFound } from '../../core/errors.js';
import { lockAccount } from '../../routing/account-lock.js';
import { isoSql } from '../../db/conversation-summary.js';
import type { AuthContext } from '../auth/auth.context.js';
import { PERMISSIONS, seesAllConversations } from '../../core/permissions.js';
import { recordAudit } from '../audit/audit.service.js';

type ContactDto = z.output<typeof contactDto>;

const COLS = `ct.id, ct.phone_number as "phoneNumber", ct.name, ct.owner_id as "ownerId", ${isoSql('ct.created_at')} as "createdAt"`;

/** Same visibility as conversations: an 'own' role sees contacts it owns or whose conversation is assigned to it. */
function visible(auth: AuthContext): { sql: string; params: unknown[] } {
  if (seesAllConversations(auth.role)) return { sql: 'true', params: [] };
  return {
    sql: `(ct.owner_id = ? or exists (select 1 from conversations c where c.contact_id = ct.id and c.assignee_id = ?))`,
    params: [auth.userId, auth.userId],
  };
}

export async function listContacts(em: EntityManager, auth: AuthContext, q: z.output<typeof listContactsQuery>) {
  const vis = visible(auth);
  const where = ['ct.account_id = ?', vis.sql];
  const params: unknown[] = [auth.accountId, ...vis.params];
  if (q.q) {
    const name = `%${q.q.replace(/[%_\\]/g, '\\$&')}%`;
    // Phone numbers are stored as digits: a search without any matches names only. (A NUL placeholder for
    // "no digits" made PostgreSQL refuse the query: a search for "abc" answered 500.)
    const digits = q.q.replace(/[^\d+]/g, '');
    if (digits) {
      where.push(`(ct.name ilike ? or ct.phone_number like ?)`);
      params.push(name, `%${digits}%`);
    } else {
      where.push(`ct.name ilike ?`);
      params.push(name);
    }
  }
  if (q.ownerId) {
    where.push('ct.owner_id = ?');
    params.push(q.ownerId);
  }
  const items = await em.execute<ContactDto[]>(
    `select ${COLS} from contacts ct where ${where.join(' and ')} order by ct.created_at desc, ct.id limit ? offset ?`,
    [...params, q.limit, q.offset],
  );
  return { items };
}

export async function getContact(em: EntityManager, auth: AuthContext, id: string): Promise<ContactDto> {
  const vis = visible(auth);
  const [row] = await em.execute<ContactDto[]>(
    `select ${COLS} from contacts ct where ct.account_id = ? and ct.id = ? and ${vis.sql}`,
    [auth.accountId, id, ...vis.params],
  );
  if (!row) throw notFound('Contact');
  return row;
}

/**
 * Sets or clears a contact's owner. Admin and Inbox Manager for any contact; a Sale user may take an
 * unowned contact of a conversation assigned to them. Ownership changes who routing tries first, so it
 * runs under the account lock and asks routing to look again.
 */
export async function setContactOwner(
  em: EntityManager,
  auth: AuthContext,
  id: string,
  ownerId: string | null,
): Promise<ContactDto> {
  return em.transactional(async (tx) => {
    await lockAccount(tx, auth.accountId);
    const before = await getContact(tx, auth, id);
    if (!PERMISSIONS[auth.role].manageContactOwners) {
      const [assigned] = await tx.execute(
        `select 1 from conversations where contact_id = ? and assignee_id = ? and status = 'assigned'`,
        [id, auth.userId],
      );
      if (!(ownerId === auth.userId && before.ownerId === null && assigned))
        throw forbidden('You may only take an unowned contact of a conversation assigned to you');
    }
    if (ownerId) {
      const [u] = await tx.execute(`select 1 from users where id = ? and account_id = ?`, [ownerId, auth.accountId]);
      if (!u) throw notFound('User');
    }
    await tx.execute(`update contacts set owner_id = ? where id = ? and account_id = ?`, [ownerId, id, auth.accountId]);
    const after = { ...before, ownerId };
    await recordAudit(tx, {
      accountId: auth.accountId,
      actor: { userId: auth.userId, name: auth.name || auth.email },
      action: 'contact.owner_changed',
      target: { type: 'contact', id, label: before.phoneNumber },
      before: { ownerId: before.ownerId },
      after: { ownerId },
    });
    return after;
  });
}
