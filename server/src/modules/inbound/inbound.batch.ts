import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConversationSummary, MessageCreated } from '@switchboard/client-sdk/contract';
import { DomainError, conflict, notFound, unauthenticated, unprocessable } from '../../core/errors.js';
import type { NewRealtimeEvent, StoredRealtimeEvent } from '../../realtime/event-log.js';
import { audienceOf, insertRealtimeEvents } from '../../routing/claim.repository.js';
import {
  CONVERSATION_COLUMNS,
  isoSql,
  toConversationSummary,
  type ConversationColumnsRow,
} from '../../db/conversation-summary.js';
import { boundQuery } from '../../routing/sql.js';
import type { InboundMessage, InboundResult } from './inbound.schemas.js';
import { lockAccount } from '../../routing/account-lock.js';

/** Phone numbers are stored as digits with an optional leading +, so one contact has one row. */
export const normalisePhone = (p: string) => p.replace(/[^\d+]/g, '');

export type ItemOutcome = InboundResult | DomainError;

export interface BatchWritten {
  outcomes: ItemOutcome[];
  events: StoredRealtimeEvent[];
  createdConversations: number;
}

interface ConversationRow extends ConversationColumnsRow {
  created: boolean;
}

const CONV_COLS = CONVERSATION_COLUMNS;

const rows = async <T>(tx: EntityManager, sql: string, params: unknown[]) =>
  (await boundQuery<T>(tx, sql, params)).rows;

/**
 * Stores many inbound messages of one account in ONE transaction with set-based statements, so the
 * account lock and the commit's fsync are paid once per batch instead of once per message. The account
 * lock comes first, before any row is touched: taken late (it once was, in the final event insert), a
 * batch holding a row lock on an ongoing conversation waited for the lock while a routing batch holding
 * the lock waited for that row, and PostgreSQL broke the deadlock by failing the inbound batch (5xx). Idempotency still rests on the unique indexes: contacts per phone, one ongoing
 * conversation per contact and channel, messages per provider id. Each item gets its own outcome: a bad
 * item (unknown channel or team) fails alone; a database error fails the batch and every caller sees it.
 */
export async function writeBatch(
  tx: EntityManager,
  accountId: string,
  inputs: InboundMessage[],
  apiKeyIds: Array<string | undefined> = [],
): Promise<BatchWritten> {
  await lockAccount(tx, accountId);
  const outcomes = new Array<ItemOutcome | undefined>(inputs.length);

  // 1. API key still valid, channel, team and "already received" for every item, in one statement. The key
  //    is checked here, inside the write transaction, because the middleware answers from a cache.
  const lookups = await rows<{
    idx: number;
    key_ok: boolean;
    channel_id: string | null;
    default_team_id: string | null;
    team_ok: boolean;
    dup_id: string | null;
    dup_conversation_id: string | null;
    dup_contact_id: string | null;
  }>(
    tx,
    `select v.idx, (v.key_id is null or k.id is not null) as key_ok, ch.id as channel_id, ch.default_team_id, (v.team_id is null or t.id is not null) as team_ok,
            m.id::text as dup_id, m.conversation_id as dup_conversation_id, dc.contact_id as dup_contact_id
     from json_to_recordset(?::json) as v(idx int, key_id uuid, channel_id uuid, channel_phone text, team_id uuid, pmid text)
     left join api_keys k on k.id = v.key_id and k.account_id = ? and k.revoked_at is null
     left join lateral (select id, default_team_id from channels ch where ch.account_id = ? and (ch.id = v.channel_id or ch.phone_number = v.channel_phone) limit 1) ch on true
     left join teams t on t.id = v.team_id and t.account_id = ?
     -- One index probe per item whatever the statistics say (the limit stops the planner from flattening
     -- the lateral back into a join): as a plain join, a young account's stale row estimate made it read
     -- every message of the account for every batch, 7 ms at 2,000 messages and growing with the table.
     left join lateral (select m.id, m.conversation_id from messages m where m.account_id = ? and m.provider_message_id = v.pmid limit 1) m on true
     left join conversations dc on dc.id = m.conversation_id`,
    [
      JSON.stringify(
        inputs.map((i, idx) => ({
          idx,
          key_id: apiKeyIds[idx] ?? null,
          channel_id: i.channel.id ?? null,
          channel_phone: i.channel.phone ? normalisePhone(i.channel.phone) : null,
          team_id: i.teamId ?? null,
          pmid: i.providerMessageId,
        })),
      ),
      accountId,
      accountId,
      accountId,
      accountId,
    ],
  );
  const firstByPmid = new Map<string, number>();
  const live: Array<{ idx: number; input: InboundMessage; channelId: string; teamId: string | null; phone: string }> =
    [];
  for (const l of lookups) {
    const input = inputs[l.idx];
    if (!l.key_ok) outcomes[l.idx] = unauthenticated('Unknown or revoked API key');
    else if (!l.channel_id) outcomes[l.idx] = notFound('Channel');
    else if (!l.team_ok)
      outcomes[l.idx] = unprocessable('Unknown team', {
        fields: [{ field: 'body.teamId', message: 'No such team in this account' }],
      });
    else if (l.dup_id)
      outcomes[l.idx] = {
        duplicate: true,
        messageId: l.dup_id,
        conversationId: l.dup_conversation_id!,
        contactId: l.dup_contact_id!,
        conversationCreated: false,
      };
    else if (firstByPmid.has(input.providerMessageId))
      continue; // a retry inside this very batch: answered from the first below
    else {
      firstByPmid.set(input.providerMessageId, l.idx);
      live.push({
        idx: l.idx,
        input,
        channelId: l.channel_id,
        teamId: input.teamId ?? l.default_team_id,
        phone: normalisePhone(input.contact.phone),
      });
    }
  }

  let events: StoredRealtimeEvent[] = [];
  let createdConversations = 0;
  if (live.length) {
    // 2. Contacts: one row per phone (the last non-empty name in the batch wins, as it would one by one).
    const names = new Map<string, string>();
    for (const x of live)
      if (x.input.contact.name || !names.has(x.phone))
        names.set(x.phone, x.input.contact.name || names.get(x.phone) || '');
    const contacts = await rows<{ id: string; phone_number: string; name: string; owner_id: string | null }>(
      tx,
      `insert into contacts (id, account_id, phone_number, name, created_at)
       select gen_random_uuid(), ?, v.phone, v.name, now() from json_to_recordset(?::json) as v(phone text, name text) order by v.phone
       on conflict (account_id, phone_number) do update set name = case when excluded.name <> '' then excluded.name else contacts.name end
       returning id, phone_number, name, owner_id`,
      [accountId, JSON.stringify([...names].map(([phone, name]) => ({ phone, name })))],
    );
    const contactByPhone = new Map(contacts.map((c) => [c.phone_number, c]));

    // 3. Conversations: the ongoing one per (channel, contact), or a new one opened by the first message.
    const pairKey = (ch: string, ct: string) => `${ch}|${ct}`;
    const pairs = new Map<
      string,
      { channel_id: string; contact_id: string; team_id: string | null; priority: number }
    >();
    for (const x of live) {
      const k = pairKey(x.channelId, contactByPhone.get(x.phone)!.id);
      if (!pairs.has(k))
        pairs.set(k, {
          channel_id: x.channelId,
          contact_id: contactByPhone.get(x.phone)!.id,
          team_id: x.teamId,
          priority: x.input.priority,
        });
    }
    const pairJson = JSON.stringify([...pairs.values()]);
    const created = await rows<ConversationRow>(
      tx,
      `insert into conversations as c (id, account_id, channel_id, contact_id, status, team_id, priority, queued_at, last_message_at, created_at)
       select gen_random_uuid(), ?, v.channel_id, v.contact_id, 'unassigned', v.team_id, v.priority, now(), now(), now()
       from json_to_recordset(?::json) as v(channel_id uuid, contact_id uuid, team_id uuid, priority int) order by v.channel_id, v.contact_id
       on conflict (channel_id, contact_id) where status <> 'resolved' do nothing
       returning ${CONV_COLS}, true as created`,
      [accountId, pairJson],
    );
    // Our own new rows are visible to the next statement: keep only the ones that were there before.
    const createdIds = new Set(created.map((c) => c.id));
    const existing =
      created.length === pairs.size
        ? []
        : (
            await rows<ConversationRow>(
              tx,
              `select ${CONV_COLS}, false as created from conversations c join json_to_recordset(?::json) as v(channel_id uuid, contact_id uuid)
         on c.channel_id = v.channel_id and c.contact_id = v.contact_id
       where c.account_id = ? and c.status <> 'resolved'`,
              [pairJson, accountId],
            )
          ).filter((c) => !createdIds.has(c.id));
    const convByPair = new Map([...created, ...existing].map((c) => [pairKey(c.channel_id, c.contact_id), c]));

    // 4. Messages. One that another transaction stored first is a duplicate; a conversation this batch
    //    opened only for such messages is removed again, so a retried webhook creates nothing.
    const withConv = live.filter((x) => {
      if (convByPair.has(pairKey(x.channelId, contactByPhone.get(x.phone)!.id))) return true;
      outcomes[x.idx] = conflict('The conversation changed concurrently; retry');
      return false;
    });
    const inserted = await rows<{ id: string; provider_message_id: string; created_at: string }>(
      tx,
      `insert into messages (account_id, conversation_id, direction, body, provider_message_id, created_at)
       select ?, v.conversation_id, 'inbound', v.body, v.pmid, now() from json_to_recordset(?::json) as v(conversation_id uuid, body text, pmid text) order by v.pmid
       on conflict (account_id, provider_message_id) do nothing
       returning id::text, provider_message_id, ${isoSql('created_at')} as created_at`,
      [
        accountId,
        JSON.stringify(
          withConv.map((x) => ({
            conversation_id: convByPair.get(pairKey(x.channelId, contactByPhone.get(x.phone)!.id))!.id,
            body: x.input.text,
            pmid: x.input.providerMessageId,
          })),
        ),
      ],
    );
    const messageByPmid = new Map(inserted.map((m) => [m.provider_message_id, m]));
    const used = new Set<string>();
    for (const x of withConv)
      if (messageByPmid.has(x.input.providerMessageId))
        used.add(convByPair.get(pairKey(x.channelId, contactByPhone.get(x.phone)!.id))!.id);
    const orphans = created.filter((c) => !used.has(c.id)).map((c) => c.id);
    if (orphans.length)
      await boundQuery(tx, `delete from conversations where id = any(?::uuid[]) and account_id = ?`, [
        `{${orphans.join(',')}}`,
        accountId,
      ]);
    const touched = existing.filter((c) => used.has(c.id)).map((c) => c.id);
    if (touched.length)
      await boundQuery(
        tx,
        `update conversations set last_message_at = now() where id = any(?::uuid[]) and account_id = ?`,
        [`{${touched.join(',')}}`, accountId],
      );
    createdConversations = created.length - orphans.length;

    // 5. The socket events (under the account lock taken first, so their ids grow in commit order); then the answers.
    const newEvents: NewRealtimeEvent<'message.created'>[] = [];
    const announced = new Set<string>();
    const lateDuplicates: number[] = [];
    for (const x of withConv) {
      const m = messageByPmid.get(x.input.providerMessageId);
      if (!m) {
        lateDuplicates.push(x.idx);
        continue;
      }
      const contact = contactByPhone.get(x.phone)!;
      const c = convByPair.get(pairKey(x.channelId, contact.id))!;
      // The contact was read (or created) by this batch already; its columns complete the shared summary row.
      const summary: ConversationSummary = toConversationSummary({
        ...c,
        contact_id: contact.id,
        contact_name: contact.name,
        contact_phone: contact.phone_number,
        owner_id: contact.owner_id,
      });
      const payload: MessageCreated = {
        conversation: summary,
        message: { id: m.id, direction: 'inbound', body: x.input.text, createdAt: m.created_at },
      };
      newEvents.push({
        type: 'message.created',
        conversationId: c.id,
        audienceUserIds: audienceOf(c.assignee_id, contact.owner_id),
        audienceAll: true,
        payload,
      });
      // A conversation opened by this batch counts once, for its first message.
      const opened = c.created && !announced.has(c.id);
      announced.add(c.id);
      outcomes[x.idx] = {
        duplicate: false,
        messageId: m.id,
        conversationId: c.id,
        contactId: contact.id,
        conversationCreated: opened,
      };
    }
    events = await insertRealtimeEvents(tx, accountId, newEvents);
    if (lateDuplicates.length) {
      const dups = await rows<{ pmid: string; id: string; conversation_id: string; contact_id: string }>(
        tx,
        `select m.provider_message_id as pmid, m.id::text, m.conversation_id, c.contact_id from messages m join conversations c on c.id = m.conversation_id
         where m.account_id = ? and m.provider_message_id = any(array(select json_array_elements_text(?::json)))`,
        [accountId, JSON.stringify(lateDuplicates.map((i) => inputs[i].providerMessageId))],
      );
      const byPmid = new Map(dups.map((d) => [d.pmid, d]));
      for (const i of lateDuplicates) {
        const d = byPmid.get(inputs[i].providerMessageId);
        outcomes[i] = d
          ? {
              duplicate: true,
              messageId: d.id,
              conversationId: d.conversation_id,
              contactId: d.contact_id,
              conversationCreated: false,
            }
          : conflict('Concurrent delivery of this message; retry');
      }
    }
  }

  // Retries inside the batch answer like the retry of a stored message.
  inputs.forEach((input, i) => {
    if (outcomes[i]) return;
    const first = outcomes[firstByPmid.get(input.providerMessageId)!];
    outcomes[i] =
      first && !(first instanceof DomainError)
        ? { ...first, duplicate: true, conversationCreated: false }
        : (first ?? conflict('Not stored; retry'));
  });
  return { outcomes: outcomes as ItemOutcome[], events, createdConversations };
}
