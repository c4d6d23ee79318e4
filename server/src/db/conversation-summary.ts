import type { ConversationSummary } from '@switchboard/client-sdk/contract';

/** A timestamp as the ISO 8601 string the wire contract uses (the driver's own date parsing is configuration-dependent). */
export const isoSql = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The one definition of how a `ConversationSummary` is read: the conversation's own columns (alias `c`)
 * and the contact's (alias `ct`). Every writer that emits a conversation event selects these and maps the
 * row with `toConversationSummary`, so the payloads of the routing, inbound and user paths cannot drift.
 */
export const CONVERSATION_COLUMNS = `c.id, c.channel_id, c.contact_id, c.team_id, c.priority, c.status, c.assignee_id,
  ${isoSql('c.queued_at')} as queued_at, ${isoSql('c.created_at')} as created_at`;
export const CONVERSATION_SUMMARY_COLUMNS = `${CONVERSATION_COLUMNS},
  ct.name as contact_name, ct.phone_number as contact_phone, ct.owner_id`;

export interface ConversationColumnsRow {
  id: string;
  channel_id: string;
  contact_id: string;
  team_id: string | null;
  priority: number;
  status: ConversationSummary['status'];
  assignee_id: string | null;
  queued_at: string;
  created_at: string;
}

export interface ConversationSummaryRow extends ConversationColumnsRow {
  contact_name: string;
  contact_phone: string;
  owner_id: string | null;
}

export function toConversationSummary(r: ConversationSummaryRow): ConversationSummary {
  return {
    id: r.id,
    channelId: r.channel_id,
    contactId: r.contact_id,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    contactOwnerId: r.owner_id,
    teamId: r.team_id,
    priority: r.priority,
    status: r.status,
    assigneeId: r.assignee_id,
    queuedAt: r.queued_at,
    createdAt: r.created_at,
  };
}
