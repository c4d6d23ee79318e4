import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { listMessagesQuery, messageDto } from '@switchboard/client-sdk/contract';
import { conflict, forbidden, notFound } from '../../core/errors.js';
import {
  CONVERSATION_SUMMARY_COLUMNS,
  isoSql,
  toConversationSummary,
  type ConversationSummaryRow,
} from '../../db/conversation-summary.js';
import type { StoredRealtimeEvent } from '../../realtime/event-log.js';
import { lockAccount } from '../../routing/account-lock.js';
import { audienceOf, insertRealtimeEvents } from '../../routing/claim.repository.js';
import { boundQuery } from '../../routing/sql.js';
import { canSee, type Actor } from '../../routing/visibility.js';
import type { AuthContext } from '../auth/auth.context.js';
import { visibleTo } from './conversations.repository.js';

type MessageDto = z.output<typeof messageDto>;

const MESSAGE_COLUMNS = `id::text, direction, body, author_id as "authorId", author_name as "authorName", ${isoSql('created_at')} as "createdAt"`;

export interface MessageDeps {
  em: () => EntityManager;
  publish: (events: StoredRealtimeEvent[]) => void;
}

/**
 * Replies of the assignee. The conversation is read under the account lock, which every change of assignee
 * or status also takes, so "is the caller still the assignee, and is it still open" cannot change between
 * the check and the insert; the lock is also what keeps the socket log's ids in commit order.
 */
export class ConversationMessages {
  constructor(private readonly deps: MessageDeps) {}

  async reply(actor: Actor, conversationId: string, text: string): Promise<MessageDto> {
    let stored: StoredRealtimeEvent[] = [];
    const message = await this.deps.em().transactional(async (tx) => {
      await lockAccount(tx, actor.accountId);
      const [row] = await tx.execute<ConversationSummaryRow[]>(
        `select ${CONVERSATION_SUMMARY_COLUMNS} from conversations c join contacts ct on ct.id = c.contact_id
         where c.account_id = ? and c.id = ?`,
        [actor.accountId, conversationId],
      );
      const summary = row ? toConversationSummary(row) : null;
      if (!summary || !canSee(actor, summary)) throw notFound('Conversation');
      if (summary.status === 'resolved') throw conflict('The conversation is resolved; reopen it to reply');
      if (summary.assigneeId !== actor.userId) throw forbidden('Only the assignee of this conversation can reply');
      // Bound rather than inlined: the text is what a person typed, up to 4096 characters.
      const {
        rows: [m],
      } = await boundQuery<MessageDto>(
        tx,
        `insert into messages (account_id, conversation_id, direction, body, author_id, author_name, created_at)
         values (?, ?, 'outbound', ?, ?, ?, now()) returning ${MESSAGE_COLUMNS}`,
        [actor.accountId, conversationId, text, actor.userId, actor.name],
      );
      await tx.execute(`update conversations set last_message_at = now() where id = ? and account_id = ?`, [
        conversationId,
        actor.accountId,
      ]);
      stored = await insertRealtimeEvents(tx, actor.accountId, [
        {
          type: 'message.created',
          conversationId,
          audienceUserIds: audienceOf(summary.assigneeId, summary.contactOwnerId),
          audienceAll: true,
          payload: {
            conversation: summary,
            message: {
              id: m.id,
              direction: 'outbound',
              body: m.body,
              createdAt: m.createdAt,
              authorId: m.authorId,
              authorName: m.authorName,
            },
          },
        },
      ]);
      return m;
    });
    this.deps.publish(stored);
    return message;
  }
}

/** A page of the conversation's messages, oldest first, after the `after` cursor (a message id). */
export async function listMessages(
  em: EntityManager,
  auth: AuthContext,
  conversationId: string,
  q: z.output<typeof listMessagesQuery>,
) {
  const vis = visibleTo(auth);
  const [visible] = await em.execute(
    `select c.id from conversations c join contacts ct on ct.id = c.contact_id where c.account_id = ? and c.id = ? and ${vis.sql}`,
    [auth.accountId, conversationId, ...vis.params],
  );
  if (!visible) throw notFound('Conversation');
  const rows = await em.execute<MessageDto[]>(
    `select ${MESSAGE_COLUMNS} from messages
     where conversation_id = ? and account_id = ? and id > ?::bigint order by id limit ?`,
    [conversationId, auth.accountId, q.after ?? '0', q.limit + 1],
  );
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit);
  return { items, nextCursor: more ? items[items.length - 1].id : null };
}
