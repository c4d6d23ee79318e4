import type { AuditAction, AuditEvent } from '@switchboard/client-sdk';

/** Every action the contract names gets words; the compiler asks for new ones. */
export const ACTION_LABELS: Record<AuditAction, string> = {
  'user.invited': 'User invited',
  'user.invitation_resent': 'Invitation resent',
  'user.activated': 'User activated',
  'user.removed': 'User removed',
  'user.role_changed': 'Role changed',
  'user.teams_changed': 'Teams changed',
  'user.capacity_changed': 'Capacity changed',
  'account.ownership_transferred': 'Ownership transferred',
  'team.created': 'Team created',
  'team.renamed': 'Team renamed',
  'team.members_changed': 'Team members changed',
  'team.deleted': 'Team deleted',
  'account.routing_changed': 'Routing settings changed',
  'channel.created': 'Number added',
  'channel.updated': 'Number changed',
  'channel.deleted': 'Number deleted',
  'api_key.created': 'API key created',
  'api_key.revoked': 'API key revoked',
  'contact.owner_changed': 'Contact owner changed',
  '2fa_enabled': '2FA turned on',
  '2fa_disabled': '2FA turned off',
  '2fa_reset': '2FA reset by an admin',
  recovery_codes_regenerated: 'Recovery codes replaced',
  require_2fa_changed: 'Required 2FA switched',
};

/** An action newer than this console still reads as its name. */
export const actionLabel = (a: string): string => ACTION_LABELS[a as AuditAction] ?? a;

const TARGET_TYPES: Record<string, string> = {
  user: 'user',
  team: 'team',
  account: 'account',
  invitation: 'invitation',
  channel: 'number',
  api_key: 'API key',
  contact: 'contact',
};
export const targetText = (t: AuditEvent['target']): string =>
  `${TARGET_TYPES[t.type] ?? t.type}${t.label ? ` ${t.label}` : ''}`;

const KEY_LABELS: Record<string, string> = { require2fa: 'require 2FA', enabled: '2FA' };
/** `defaultTeamId` → "default team", `teamIds` → "teams", `phoneNumber` → "phone number". */
const keyLabel = (k: string): string =>
  KEY_LABELS[k] ??
  k
    .replace(/Ids$/, 's')
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();

/** Ids the reader can resolve (users, teams) become names. */
export type Names = ReadonlyMap<string, string>;

function show(v: unknown, names: Names): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return names.get(v) ?? v;
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => show(x, names)).join(', ') || 'none';
  return JSON.stringify(v);
}

// Row ids and creation times say nothing a reader of the log wants.
const SKIPPED = new Set(['id', 'createdAt']);

/** One line per field that differs between `before` and `after`: "capacity: 3 → 5", "name: Night shift". */
export function changeLines(e: Pick<AuditEvent, 'before' | 'after'>, names: Names): string[] {
  const { before, after } = e;
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => !SKIPPED.has(k));
  const lines: string[] = [];
  for (const k of keys) {
    const b = before?.[k];
    const a = after?.[k];
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    if (!before) lines.push(`${keyLabel(k)}: ${show(a, names)}`);
    else if (!after) lines.push(`${keyLabel(k)}: was ${show(b, names)}`);
    else lines.push(`${keyLabel(k)}: ${show(b, names)} → ${show(a, names)}`);
  }
  return lines;
}
