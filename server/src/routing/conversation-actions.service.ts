import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConversationSummary } from '@switchboard/client-sdk/contract';
import { conflict, forbidden, notFound } from '../core/errors.js';
import { lockAccount } from './account-lock.js';
import {
  adjustLoads,
  audienceOf,
  claimUnassigned,
  insertAssignmentEvents,
  insertRealtimeEvents,
  type LoadDelta,
} from './claim.repository.js';
import type { NewRealtimeEvent, StoredRealtimeEvent } from '../realtime/event-log.js';
import { exclusionReason, type ExclusionReason } from './policy/index.js';
import type { RoutingReason } from './routing.queue.js';
import { loadAgents, loadConversation, type AgentRow, type QueuedConversation } from './snapshot.repository.js';
import { canAssignOthers, canOverrideCapacity, canSee, type Actor } from './visibility.js';

export interface ActionDeps {
  em: () => EntityManager;
  publish: (events: StoredRealtimeEvent[]) => void;
  requestRouting: (accountId: string, reason: RoutingReason) => Promise<void>;
  /** Epoch µs. */
  clock?: () => number;
}

interface Step {
  summary: ConversationSummary;
  events: NewRealtimeEvent[];
  route?: RoutingReason;
}

const NO_PRESENCE = { connected: new Set<string>(), paused: new Set<string>() };

/**
 * Manual actions (docs/architecture.md, roles; docs/routing.md): pick, assign, transfer, unassign, resolve,
 * reopen. They run under the same account lock and write through the same claim functions as automatic routing, so I1–I3 hold
 * whoever changes a conversation. Presence is not required for a manual action: a person chose the agent.
 */
export class ConversationActions {
  private readonly clock: () => number;

  constructor(private readonly deps: ActionDeps) {
    this.clock = deps.clock ?? (() => Date.now() * 1000);
  }

  pick(actor: Actor, conversationId: string) {
    return this.run(actor, conversationId, async (tx, c, agents) => {
      if (c.summary.status !== 'unassigned') throw conflict('The conversation is not in Unassigned');
      const me = agents.get(actor.userId);
      if (!me) throw notFound('User');
      this.requireEligible(me, c, false);
      await this.moveAssignee(tx, actor, c, me, { kind: 'pick', override: false });
      return this.assignedStep(actor, c, me.id, null, 'pick');
    });
  }

  async assign(actor: Actor, conversationId: string, toUserId: string, opts: { capacityOverride?: boolean } = {}) {
    if (!canAssignOthers(actor.role)) throw forbidden('Your role cannot assign conversations to others');
    const override = opts.capacityOverride ?? false;
    if (override && !canOverrideCapacity(actor.role))
      throw forbidden('Only Admins and Inbox Managers may override capacity');
    return this.run(actor, conversationId, async (tx, c, agents) => {
      if (c.summary.status === 'resolved') throw conflict('The conversation is resolved; reopen it first');
      const target = agents.get(toUserId);
      if (!target) throw notFound('User');
      const previous = c.summary.assigneeId;
      if (previous === target.id) return { summary: c.summary, events: [] };
      this.requireEligible(target, c, override);
      await this.moveAssignee(tx, actor, c, target, {
        kind: 'assign',
        override,
        from: previous ? agents.get(previous) : undefined,
      });
      return {
        ...this.assignedStep(actor, c, target.id, previous, 'assign'),
        route: previous ? 'capacity_raised' : undefined,
      };
    });
  }

  transfer(actor: Actor, conversationId: string, to: { toUserId?: string; toTeamId?: string }) {
    return this.run(actor, conversationId, async (tx, c, agents) => {
      const from = c.summary.assigneeId;
      if (c.summary.status !== 'assigned' || !from) throw conflict('Only an assigned conversation can be transferred');
      if (from !== actor.userId && !canAssignOthers(actor.role))
        throw forbidden('Only the assignee can transfer this conversation');
      if (to.toTeamId) {
        const [team] = await tx.execute(`select id from teams where id = ? and account_id = ?`, [
          to.toTeamId,
          actor.accountId,
        ]);
        if (!team) throw notFound('Team');
      }
      const teamId = to.toTeamId ?? c.teamId;
      const moved: QueuedConversation = { ...c, teamId, summary: { ...c.summary, teamId } };
      const fromAgent = agents.get(from);
      if (to.toUserId) {
        const target = agents.get(to.toUserId);
        if (!target) throw notFound('User');
        if (target.id === from && teamId === c.teamId) return { summary: c.summary, events: [] };
        this.requireEligible(target, moved, false);
        await tx.execute(`update conversations set team_id = ? where id = ? and account_id = ?`, [
          teamId,
          c.id,
          actor.accountId,
        ]);
        if (target.id === from) {
          // Same agent, new team: the ledger does not move.
          await insertAssignmentEvents(tx, actor.accountId, [
            {
              conversationId: c.id,
              kind: 'transfer',
              fromUserId: from,
              toUserId: from,
              actorUserId: actor.userId,
              actorName: actor.name,
              toTeamId: teamId,
              reason: 'team changed',
            },
          ]);
        } else {
          await this.moveAssignee(tx, actor, moved, target, {
            kind: 'transfer',
            override: false,
            from: fromAgent,
            toTeamId: to.toTeamId,
          });
        }
      } else {
        await this.toUnassigned(tx, actor, moved, fromAgent, {
          kind: 'transfer',
          toTeamId: teamId,
          reason: 'transfer to team',
        });
      }
      const toUserId = to.toUserId ?? null;
      const summary: ConversationSummary = {
        ...moved.summary,
        status: toUserId ? 'assigned' : 'unassigned',
        assigneeId: toUserId,
      };
      return {
        summary,
        events: [
          {
            type: 'conversation.transferred',
            conversationId: c.id,
            audienceUserIds: audienceOf(from, toUserId, c.contactOwnerId),
            audienceAll: true,
            payload: {
              conversation: summary,
              fromUserId: from,
              toUserId,
              toTeamId: to.toTeamId ?? null,
              actorUserId: actor.userId,
            },
          },
        ],
        route: toUserId ? 'capacity_raised' : 'returned_to_unassigned',
      };
    });
  }

  unassign(actor: Actor, conversationId: string) {
    return this.run(actor, conversationId, async (tx, c, agents) => {
      const from = c.summary.assigneeId;
      if (c.summary.status !== 'assigned' || !from) throw conflict('The conversation is not assigned');
      if (from !== actor.userId && !canAssignOthers(actor.role))
        throw forbidden('Only the assignee or an assigner can unassign');
      await this.toUnassigned(tx, actor, c, agents.get(from), {
        kind: 'unassign',
        toTeamId: null,
        reason: 'unassigned by hand',
      });
      const summary: ConversationSummary = { ...c.summary, status: 'unassigned', assigneeId: null };
      return {
        summary,
        events: [
          {
            type: 'conversation.unassigned',
            conversationId: c.id,
            audienceUserIds: audienceOf(from, c.contactOwnerId),
            audienceAll: true,
            payload: { conversation: summary, previousAssigneeId: from, reason: 'unassign', actorUserId: actor.userId },
          },
        ],
        route: 'returned_to_unassigned',
      };
    });
  }

  resolve(actor: Actor, conversationId: string) {
    return this.run(actor, conversationId, async (tx, c, agents) => {
      if (c.summary.status === 'resolved') throw conflict('The conversation is already resolved');
      const from = c.summary.assigneeId;
      await tx.execute(
        `update conversations set status = 'resolved', resolved_at = now() where id = ? and account_id = ?`,
        [c.id, actor.accountId],
      );
      if (from) await adjustLoads(tx, actor.accountId, [{ userId: from, delta: -1, enforceCapacity: false }]);
      await insertAssignmentEvents(tx, actor.accountId, [
        {
          conversationId: c.id,
          kind: 'resolve',
          fromUserId: from,
          fromUserName: from ? (agents.get(from)?.name ?? null) : null,
          actorUserId: actor.userId,
          actorName: actor.name,
          reason: 'resolved',
        },
      ]);
      const summary: ConversationSummary = { ...c.summary, status: 'resolved' };
      return {
        summary,
        events: [
          {
            type: 'conversation.resolved',
            conversationId: c.id,
            audienceUserIds: audienceOf(from, c.contactOwnerId),
            audienceAll: true,
            payload: { conversation: summary, actorUserId: actor.userId },
          },
        ],
        route: from ? 'resolved' : undefined,
      };
    });
  }

  reopen(actor: Actor, conversationId: string) {
    return this.run(actor, conversationId, async (tx, c) => {
      if (c.summary.status !== 'resolved') throw conflict('Only a resolved conversation can be reopened');
      const [other] = await tx.execute<{ id: string }[]>(
        `select id from conversations where account_id = ? and channel_id = ? and contact_id = ? and status <> 'resolved'`,
        [actor.accountId, c.summary.channelId, c.summary.contactId],
      );
      if (other)
        throw conflict('The contact already has an ongoing conversation on this channel', { conversationId: other.id });
      await tx.execute(
        `update conversations set status = 'unassigned', assignee_id = null, resolved_at = null, queued_at = now() where id = ? and account_id = ?`,
        [c.id, actor.accountId],
      );
      await insertAssignmentEvents(tx, actor.accountId, [
        { conversationId: c.id, kind: 'reopen', actorUserId: actor.userId, actorName: actor.name, reason: 'reopened' },
      ]);
      const summary: ConversationSummary = { ...c.summary, status: 'unassigned', assigneeId: null };
      return {
        summary,
        events: [
          {
            type: 'conversation.reopened',
            conversationId: c.id,
            audienceUserIds: audienceOf(c.summary.assigneeId, c.contactOwnerId),
            audienceAll: true,
            payload: { conversation: summary, actorUserId: actor.userId },
          },
        ],
        route: 'returned_to_unassigned',
      };
    });
  }

  // -------------------------------------------------------------------------------------------

  private async run(
    actor: Actor,
    conversationId: string,
    body: (tx: EntityManager, c: QueuedConversation, agents: Map<string, AgentRow>) => Promise<Step>,
  ): Promise<ConversationSummary> {
    let stored: StoredRealtimeEvent[] = [];
    const step = await this.deps.em().transactional(async (tx) => {
      await lockAccount(tx, actor.accountId);
      const c = await loadConversation(tx, actor.accountId, conversationId);
      if (!c || !canSee(actor, c.summary)) throw notFound('Conversation');
      const agents = new Map((await loadAgents(tx, actor.accountId, NO_PRESENCE)).map((a) => [a.id, a]));
      const s = await body(tx, c, agents);
      stored = await insertRealtimeEvents(tx, actor.accountId, s.events);
      return s;
    });
    if (stored.length) this.deps.publish(stored);
    if (step.route) await this.deps.requestRouting(actor.accountId, step.route);
    return step.summary;
  }

  /** The automatic filters minus presence (a person chose this agent), and capacity unless overridden. */
  private requireEligible(agent: AgentRow, c: QueuedConversation, override: boolean): void {
    const reason: ExclusionReason | null = exclusionReason({ ...agent, connected: true, paused: false }, c);
    if (reason && !(override && reason === 'at_capacity')) {
      throw conflict(`${agent.name || 'The user'} cannot take this conversation: ${reason.replace(/_/g, ' ')}`, {
        reason,
      });
    }
  }

  private async moveAssignee(
    tx: EntityManager,
    actor: Actor,
    c: QueuedConversation,
    to: AgentRow,
    o: { kind: 'pick' | 'assign' | 'transfer'; override: boolean; from?: AgentRow; toTeamId?: string },
  ): Promise<void> {
    const stamp = Math.max(this.clock(), (to.lastAssignedAt ?? 0) + 1);
    if (c.summary.status === 'unassigned')
      await claimUnassigned(tx, actor.accountId, [{ conversationId: c.id, agentId: to.id }]);
    else {
      const res = await tx.execute<{ affectedRows: number }>(
        `update conversations set assignee_id = ?, assigned_at = now() where id = ? and account_id = ? and status = 'assigned' and assignee_id = ?`,
        [to.id, c.id, actor.accountId, c.summary.assigneeId],
        'run',
      );
      if (res.affectedRows !== 1) throw conflict('The conversation changed meanwhile; try again');
    }
    const deltas: LoadDelta[] = [{ userId: to.id, delta: 1, lastAssignedAt: stamp, enforceCapacity: !o.override }];
    if (o.from) deltas.push({ userId: o.from.id, delta: -1, enforceCapacity: false });
    await adjustLoads(tx, actor.accountId, deltas);
    const wouldExceed = to.capacity !== null && to.ongoing >= to.capacity;
    await insertAssignmentEvents(tx, actor.accountId, [
      {
        conversationId: c.id,
        kind: o.kind,
        fromUserId: o.from?.id ?? null,
        fromUserName: o.from?.name ?? null,
        toUserId: to.id,
        toUserName: to.name,
        actorUserId: actor.userId,
        actorName: actor.name,
        toTeamId: o.toTeamId ?? null,
        reason: o.kind,
        capacityOverride: o.override && wouldExceed,
        explanation: { manual: true, ongoing: to.ongoing, capacity: to.capacity, overrideRequested: o.override },
      },
    ]);
  }

  private async toUnassigned(
    tx: EntityManager,
    actor: Actor,
    c: QueuedConversation,
    from: AgentRow | undefined,
    o: { kind: 'transfer' | 'unassign'; toTeamId: string | null; reason: string },
  ): Promise<void> {
    const res = await tx.execute<{ affectedRows: number }>(
      `update conversations set status = 'unassigned', assignee_id = null, team_id = ?, queued_at = now()
       where id = ? and account_id = ? and status = 'assigned'`,
      [c.teamId, c.id, actor.accountId],
      'run',
    );
    if (res.affectedRows !== 1) throw conflict('The conversation changed meanwhile; try again');
    if (from) await adjustLoads(tx, actor.accountId, [{ userId: from.id, delta: -1, enforceCapacity: false }]);
    await insertAssignmentEvents(tx, actor.accountId, [
      {
        conversationId: c.id,
        kind: o.kind,
        fromUserId: from?.id ?? null,
        fromUserName: from?.name ?? null,
        actorUserId: actor.userId,
        actorName: actor.name,
        toTeamId: o.toTeamId,
        reason: o.reason,
      },
    ]);
  }

  private assignedStep(
    actor: Actor,
    c: QueuedConversation,
    to: string,
    previous: string | null,
    reason: 'pick' | 'assign',
  ): Step {
    const summary: ConversationSummary = { ...c.summary, status: 'assigned', assigneeId: to };
    return {
      summary,
      events: [
        {
          type: 'conversation.assigned',
          conversationId: c.id,
          audienceUserIds: audienceOf(to, previous, c.contactOwnerId),
          audienceAll: true,
          payload: {
            conversation: summary,
            assigneeId: to,
            previousAssigneeId: previous,
            reason,
            actorUserId: actor.userId,
          },
        },
      ],
    };
  }
}
