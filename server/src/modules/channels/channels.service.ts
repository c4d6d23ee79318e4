import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { channelDto, createChannelBody, updateChannelBody } from '@switchboard/client-sdk/contract';
import { conflict, notFound, unprocessable } from '../../core/errors.js';
import { isoSql } from '../../db/conversation-summary.js';
import type { AuthContext } from '../auth/auth.context.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf } from '../users/users.service.js';

type ChannelDto = z.output<typeof channelDto>;

const COLS = `id, name, phone_number as "phoneNumber", default_team_id as "defaultTeamId", ${isoSql('created_at')} as "createdAt"`;

async function assertTeam(em: EntityManager, accountId: string, teamId: string | null | undefined) {
  if (!teamId) return;
  const [t] = await em.execute(`select 1 from teams where id = ? and account_id = ?`, [teamId, accountId]);
  if (!t)
    throw unprocessable('Unknown team', {
      fields: [{ field: 'body.defaultTeamId', message: 'No such team in this account' }],
    });
}

export const listChannels = async (em: EntityManager, accountId: string) => ({
  items: await em.execute<ChannelDto[]>(`select ${COLS} from channels where account_id = ? order by name, id`, [
    accountId,
  ]),
});

export async function createChannel(
  em: EntityManager,
  auth: AuthContext,
  b: z.output<typeof createChannelBody>,
): Promise<ChannelDto> {
  return em.transactional(async (tx) => {
    await assertTeam(tx, auth.accountId, b.defaultTeamId);
    const [row] = await tx.execute<ChannelDto[]>(
      `insert into channels (id, account_id, name, phone_number, default_team_id, created_at) values (gen_random_uuid(), ?, ?, ?, ?, now())
       on conflict (account_id, phone_number) do nothing returning ${COLS}`,
      [auth.accountId, b.name, b.phoneNumber, b.defaultTeamId],
    );
    if (!row) throw conflict('This number is already a channel of the account');
    await recordAudit(tx, {
      accountId: auth.accountId,
      actor: actorOf(auth),
      action: 'channel.created',
      target: { type: 'channel', id: row.id, label: row.phoneNumber },
      after: row,
    });
    return row;
  });
}

export async function updateChannel(
  em: EntityManager,
  auth: AuthContext,
  id: string,
  b: z.output<typeof updateChannelBody>,
): Promise<ChannelDto> {
  return em.transactional(async (tx) => {
    const [before] = await tx.execute<ChannelDto[]>(
      `select ${COLS} from channels where id = ? and account_id = ? for update`,
      [id, auth.accountId],
    );
    if (!before) throw notFound('Channel');
    await assertTeam(tx, auth.accountId, b.defaultTeamId);
    const [row] = await tx.execute<ChannelDto[]>(
      `update channels set name = coalesce(?, name), default_team_id = case when ? then ? else default_team_id end where id = ? returning ${COLS}`,
      [b.name ?? null, b.defaultTeamId !== undefined, b.defaultTeamId ?? null, id],
    );
    await recordAudit(tx, {
      accountId: auth.accountId,
      actor: actorOf(auth),
      action: 'channel.updated',
      target: { type: 'channel', id, label: row.phoneNumber },
      before,
      after: row,
    });
    return row;
  });
}

/** A channel with conversations is kept: deleting it would cascade to them and to agents' loads. */
export async function deleteChannel(em: EntityManager, auth: AuthContext, id: string): Promise<{ id: string }> {
  return em.transactional(async (tx) => {
    const [ch] = await tx.execute<ChannelDto[]>(
      `select ${COLS} from channels where id = ? and account_id = ? for update`,
      [id, auth.accountId],
    );
    if (!ch) throw notFound('Channel');
    const [used] = await tx.execute(`select 1 from conversations where channel_id = ? limit 1`, [id]);
    if (used) throw conflict('The channel has conversations; it cannot be deleted');
    await tx.execute(`delete from channels where id = ?`, [id]);
    await recordAudit(tx, {
      accountId: auth.accountId,
      actor: actorOf(auth),
      action: 'channel.deleted',
      target: { type: 'channel', id, label: ch.phoneNumber },
      before: ch,
    });
    return { id };
  });
}
