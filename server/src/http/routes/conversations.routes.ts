import type { AppContext } from '../../infra/context.js';
import { notFound } from '../../core/errors.js';
import { route } from '../route.js';
import { routingFor } from '../../routing/routing.module.js';
import type { Actor } from '../../routing/visibility.js';
import { authOf, type AuthContext } from '../auth.context.js';
import { requireMenu, requireSession } from '../auth.middleware.js';
import {
  listConversations,
  readConversation,
  routingEvents,
  transferTargets,
} from '../../modules/conversations/conversations.repository.js';
import { ConversationMessages, listMessages } from '../../modules/conversations/messages.service.js';
import { routingNames } from '../../modules/conversations/routing-names.js';
import {
  assignBody,
  conversationDetail,
  conversationPage,
  conversationParams,
  emptyActionBody,
  listConversationsQuery,
  listMessagesQuery,
  messageDto,
  messagePage,
  replyBody,
  routingHistory,
  summaryDto,
  transferBody,
  transferTargets as transferTargetsDto,
} from '@switchboard/client-sdk/contract';

const actorOf = (a: AuthContext): Actor => ({
  userId: a.userId,
  accountId: a.accountId,
  role: a.role,
  name: a.name || a.email,
});

/** The Inbox: conversations with visibility applied, and every manual action through the routing claim. */
export function conversationsRoutes(ctx: AppContext) {
  const em = () => ctx.orm.em;
  const routing = routingFor(ctx);
  const messages = new ConversationMessages({
    em: () => ctx.orm.em.fork(),
    publish: (e) => routing.publisher.publish(e),
  });
  const inbox = [requireSession(ctx), requireMenu('inbox')];
  const action = (
    path: string,
    summary: string,
    run: (actor: Actor, id: string, body: never) => Promise<unknown>,
    body: typeof assignBody | typeof transferBody | typeof emptyActionBody = emptyActionBody,
  ) =>
    route({
      method: 'post',
      path: `/conversations/:id/${path}`,
      tag: 'conversations',
      summary,
      security: 'session',
      before: inbox,
      params: conversationParams,
      body,
      response: summaryDto,
      handler: ({ req, params, body: b }) => run(actorOf(authOf(req)), params.id, b as never),
    });
  return [
    route({
      method: 'get',
      path: '/conversations',
      tag: 'conversations',
      security: 'session',
      summary:
        'List conversations the caller may see (filters: status, assigneeId, teamId, channelId, unassigned), newest first',
      before: inbox,
      query: listConversationsQuery,
      response: conversationPage,
      handler: ({ req, query }) => listConversations(em(), authOf(req), query),
    }),
    route({
      method: 'get',
      path: '/conversations/:id',
      tag: 'conversations',
      summary: 'Read a conversation with its latest messages',
      security: 'session',
      before: inbox,
      params: conversationParams,
      response: conversationDetail,
      handler: async ({ req, params }) =>
        (await readConversation(em(), authOf(req), params.id)) ?? Promise.reject(notFound('Conversation')),
    }),
    route({
      method: 'get',
      path: '/conversations/:id/routing',
      tag: 'conversations',
      security: 'session',
      summary: 'Every assignment change with the routing explanation, and for a waiting conversation why it waits now',
      before: inbox,
      params: conversationParams,
      response: routingHistory,
      handler: async ({ req, params }) => {
        const auth = authOf(req);
        if (!(await readConversation(em(), auth, params.id))) throw notFound('Conversation');
        const [current, events] = await Promise.all([
          routing.router.explainNow(auth.accountId, params.id),
          routingEvents(em(), auth.accountId, params.id),
        ]);
        const names = await routingNames(em(), auth, events, current);
        return { conversationId: params.id, events, current, names };
      },
    }),
    route({
      method: 'get',
      path: '/conversations/:id/messages',
      tag: 'conversations',
      security: 'session',
      summary: 'The messages of a conversation the caller may see, oldest first (page on with after=nextCursor)',
      before: inbox,
      params: conversationParams,
      query: listMessagesQuery,
      response: messagePage,
      handler: ({ req, params, query }) => listMessages(em(), authOf(req), params.id, query),
    }),
    route({
      method: 'post',
      path: '/conversations/:id/messages',
      tag: 'conversations',
      security: 'session',
      summary: 'Reply as the assignee: stores an outbound message and tells every viewer (message.created)',
      before: inbox,
      params: conversationParams,
      body: replyBody,
      response: messageDto,
      status: 201,
      handler: ({ req, params, body }) => messages.reply(actorOf(authOf(req)), params.id, body.text),
    }),
    route({
      method: 'get',
      path: '/conversations/:id/transfer-targets',
      tag: 'conversations',
      security: 'session',
      summary: "The account's active users and teams, to transfer a conversation the caller may see to",
      before: inbox,
      params: conversationParams,
      response: transferTargetsDto,
      handler: async ({ req, params }) =>
        (await transferTargets(em(), authOf(req), params.id)) ?? Promise.reject(notFound('Conversation')),
    }),
    action('pick', 'Take a conversation from Unassigned for yourself (within your capacity)', (a, id) =>
      routing.actions.pick(a, id),
    ),
    action(
      'assign',
      'Assign to someone (Admin, Operator, Inbox Manager); capacityOverride for Admin and Inbox Manager, recorded',
      (a, id, b: { userId: string; capacityOverride: boolean }) =>
        routing.actions.assign(a, id, b.userId, { capacityOverride: b.capacityOverride }),
      assignBody,
    ),
    action(
      'transfer',
      'Transfer your conversation to an agent, a team, or an agent of another team',
      (a, id, b: { toUserId?: string; toTeamId?: string }) => routing.actions.transfer(a, id, b),
      transferBody,
    ),
    action('unassign', 'Return a conversation to Unassigned (it is routed again)', (a, id) =>
      routing.actions.unassign(a, id),
    ),
    action('resolve', "Resolve a conversation (frees the assignee's slot)", (a, id) => routing.actions.resolve(a, id)),
    action('reopen', 'Reopen a resolved conversation into Unassigned', (a, id) => routing.actions.reopen(a, id)),
  ];
}
