import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { ConversationSummary, MessageCreated } from '../../../../client-sdk/src/events.js';
import { AppError, notFound } from '../../http/errors.js';
import { isoSql } from '../../routing/snapshot.repository.js';
import { audienceOf, insertRealtimeEvents, type StoredRealtimeEvent } from '../../routing/claim.repository.js';
import type { RoutingReason } from '../../routing/routing.queue.js';

const phone = z.string().trim().regex(/^\+?[0-9][0-9 ()-]{3,30}$/, 'Expected a phone number');

export const inboundMessageBody = z
  .object({
    channel: z.object({ id: z.uuid().optional(), phone: phone.optional() }).refine((c) => c.id || c.phone, 'Give the channel id or phone'),
    contact: z.object({ phone, name: z.string().trim().max(200).default('') }),
    text: z.string().min(1).max(10_000),
    providerMessageId: z.string().trim().min(1).max(200),
    teamId: z.uuid().optional(),
    priority: z.number().int().min(0).max(10).default(0),
  })
  .strict();
export type InboundMessage = z.infer<typeof inboundMessageBody>;

export const inboundResult = z.object({
  duplicate: z.boolean(),
  messageId: z.string(),
  conversationId: z.uuid(),
  contactId: z.uuid(),
  conversationCreated: z.boolean(),
});
export type InboundResult = z.infer<typeof inboundResult>;

export interface InboundDeps {
  em: () => EntityManager;
  publish: (events: StoredRealtimeEvent[]) => void;
  requestRouting: (accountId: string, reason: RoutingReason) => Promise<void>;
  onRoutingRequestFailed?: (err: unknown) => void;
}

/** Phone numbers are stored as digits with an optional leading +, so one contact has one row. */
const normalisePhone = (p: string) => p.replace(/[^\d+]/g, '');

interface ConversationRow {
  id: string; channel_id: string; contact_id: string; team_id: string | null; priority: number; status: ConversationSummary['status'];
  assignee_id: string | null; queued_at: string; created_at: string; created: boolean;
}

/**
 * The inbound webhook: idempotent on the provider's message id. Everything that can race is decided by a
 * unique index (contact per phone, one ongoing conversation per contact and channel, message per provider
 * id) with ON CONFLICT, so concurrent retries converge on one row of each. The account lock is taken
 * only for the last insert (the socket event) so event ids stay in commit order while the lock is held
 * for as short as possible.
 */
export class InboundService {
  constructor(private readonly deps: InboundDeps) {}

  async receive(accountId: string, input: InboundMessage): Promise<InboundResult> {
    let events: StoredRealtimeEvent[] = [];
    const result = await this.deps.em().transactional(async (tx) => {
      // One round trip: the channel, whether the team exists, and whether this message was received already.
      const channel = await this.findChannel(tx, accountId, input);
      if (!channel.team_ok) throw new AppError(422, 'validation_failed', 'Unknown team', { fields: [{ field: 'body.teamId', message: 'No such team in this account' }] });
      if (channel.dup_id) return this.duplicate(tx, { id: channel.dup_id, conversation_id: channel.dup_conversation_id! });
      const teamId = input.teamId ?? channel.default_team_id;

      const [contact] = await tx.execute<{ id: string; name: string; phone_number: string; owner_id: string | null }[]>(
        `insert into contacts (id, account_id, phone_number, name, created_at) values (gen_random_uuid(), ?, ?, ?, now())
         on conflict (account_id, phone_number) do update set name = case when excluded.name <> '' then excluded.name else contacts.name end
         returning id, name, phone_number, owner_id`,
        [accountId, normalisePhone(input.contact.phone), input.contact.name],
      );
      const conversation = await this.openConversation(tx, accountId, channel.id, contact.id, teamId, input.priority);
      const [message] = await tx.execute<{ id: string; created_at: string }[]>(
        `with m as (
           insert into messages (account_id, conversation_id, direction, body, provider_message_id, created_at)
           values (?, ?, 'inbound', ?, ?, now())
           on conflict (account_id, provider_message_id) do nothing
           returning id, created_at
         ), touched as (
           update conversations set last_message_at = now() where id = ? and ? and exists (select 1 from m)
         )
         select id, ${isoSql('created_at')} as created_at from m`,
        [accountId, conversation.id, input.text, input.providerMessageId, conversation.id, !conversation.created],
      );
      if (!message) {
        // A concurrent retry of this very message committed first: undo our side effects and report it.
        throw new DuplicateRace();
      }

      const summary: ConversationSummary = {
        id: conversation.id, channelId: channel.id, contactId: contact.id, contactName: contact.name, contactPhone: contact.phone_number,
        contactOwnerId: contact.owner_id, teamId: conversation.team_id, priority: conversation.priority, status: conversation.status,
        assigneeId: conversation.assignee_id, queuedAt: conversation.queued_at, createdAt: conversation.created_at,
      };
      const payload: MessageCreated = { conversation: summary, message: { id: message.id, direction: 'inbound', body: input.text, createdAt: message.created_at } };
      events = await insertRealtimeEvents(tx, accountId, [{
        type: 'message.created', conversationId: conversation.id, audienceUserIds: audienceOf(conversation.assignee_id, contact.owner_id), audienceAll: true, payload,
      }], { takeLock: true });
      return { duplicate: false, messageId: message.id, conversationId: conversation.id, contactId: contact.id, conversationCreated: conversation.created };
    }).catch(async (e) => {
      if (!(e instanceof DuplicateRace)) throw e;
      const [row] = await this.deps.em().execute<{ id: string; conversation_id: string }[]>(
        `select id, conversation_id from messages where account_id = ? and provider_message_id = ?`, [accountId, input.providerMessageId],
      );
      return this.duplicate(this.deps.em(), row);
    });
    if (events.length) this.deps.publish(events);
    if (result.conversationCreated) {
      // The conversation is durable already; if Redis is down the sweep routes it.
      await this.deps.requestRouting(accountId, 'new_conversation').catch((err) => this.deps.onRoutingRequestFailed?.(err));
    }
    return result;
  }

  private async findChannel(tx: EntityManager, accountId: string, input: InboundMessage) {
    const [row] = await tx.execute<Array<{ id: string; default_team_id: string | null; team_ok: boolean; dup_id: string | null; dup_conversation_id: string | null }>>(
      `select ch.id, ch.default_team_id,
              (?::uuid is null or exists (select 1 from teams t where t.id = ?::uuid and t.account_id = ch.account_id)) as team_ok,
              m.id::text as dup_id, m.conversation_id as dup_conversation_id
       from channels ch left join messages m on m.account_id = ch.account_id and m.provider_message_id = ?
       where ch.account_id = ? and (ch.id = ?::uuid or ch.phone_number = ?)
       limit 1`,
      [input.teamId ?? null, input.teamId ?? null, input.providerMessageId, accountId, input.channel.id ?? null, input.channel.phone ? normalisePhone(input.channel.phone) : null],
    );
    if (!row) throw notFound('Channel');
    return row;
  }

  /** The contact's ongoing conversation on this channel, or a new one; the partial unique index arbitrates races. */
  private async openConversation(tx: EntityManager, accountId: string, channelId: string, contactId: string, teamId: string | null, priority: number): Promise<ConversationRow> {
    const cols = `id, channel_id, contact_id, team_id, priority, status, assignee_id, ${isoSql('queued_at')} as queued_at, ${isoSql('created_at')} as created_at`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const [created] = await tx.execute<ConversationRow[]>(
        `insert into conversations (id, account_id, channel_id, contact_id, status, team_id, priority, queued_at, last_message_at, created_at)
         values (gen_random_uuid(), ?, ?, ?, 'unassigned', ?, ?, now(), now(), now())
         on conflict (channel_id, contact_id) where status <> 'resolved' do nothing
         returning ${cols}, true as created`,
        [accountId, channelId, contactId, teamId, priority],
      );
      if (created) return created;
      const [ongoing] = await tx.execute<ConversationRow[]>(
        `select ${cols}, false as created from conversations where channel_id = ? and contact_id = ? and status <> 'resolved'`,
        [channelId, contactId],
      );
      if (ongoing) return ongoing;
      // Resolved between our two statements: try again.
    }
    throw new AppError(409, 'conflict', 'The conversation changed concurrently; retry');
  }

  private async duplicate(em: EntityManager, row: { id: string; conversation_id: string }): Promise<InboundResult> {
    const [c] = await em.execute<{ contact_id: string }[]>(`select contact_id from conversations where id = ?`, [row.conversation_id]);
    return { duplicate: true, messageId: String(row.id), conversationId: row.conversation_id, contactId: c.contact_id, conversationCreated: false };
  }
}

class DuplicateRace extends Error {}
