import type { ConversationStatus, ConversationSummary } from './events.js';

/**
 * REST request and response types. The server validates with zod schemas; a unit test
 * (test/unit/sdk-contract.test.ts) proves these types equal what those schemas produce, so they cannot drift.
 */

export const ROLES = ['admin', 'operator', 'developer', 'inbox_manager', 'service', 'sale'] as const;
export type Role = (typeof ROLES)[number];
export const MENUS = ['inbox', 'contact', 'chatbot', 'integration', 'developers', 'account_settings', 'users_teams'] as const;
export type Menu = (typeof MENUS)[number];
export const USER_STATUSES = ['pending', 'active'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface SignInRequest {
  email: string;
  password: string;
  /** Only needed when the same email belongs to several accounts. */
  accountId?: string;
}
export interface SignInResponse {
  token: string;
  expiresAt: string;
  /** 'mfa': finish with a TOTP or recovery code before the token is a session. */
  stage: 'mfa' | 'full';
  enrollmentRequired: boolean;
}
export interface MeResponse {
  user: {
    id: string; email: string; name: string; role: Role; capacity: number | null;
    isOwner: boolean; totpEnabled: boolean;
    teams: { id: string; name: string }[];
  };
  account: { id: string; name: string; require2fa: boolean };
  menus: Menu[];
  permissions: { visibility: 'all' | 'own'; assignOthers: boolean; overrideCapacity: boolean; manageContactOwners: boolean };
  enrollmentRequired: boolean;
}
export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

// ---- Users -------------------------------------------------------------------------------------------

export interface TeamRef { id: string; name: string }
export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  /** null = unlimited; 0 = receives nothing automatically. */
  capacity: number | null;
  /** Assigned, unresolved conversations: what capacity counts. */
  ongoing: number;
  teams: TeamRef[];
  totpEnabled: boolean;
  isOwner: boolean;
  /** The live activation link of a pending user; null once active or when no link is usable. */
  invitation: { expiresAt: string; expired: boolean } | null;
  createdAt: string;
  activatedAt: string | null;
}
/** Query values travel as strings; the server coerces them, so numbers are typed as numbers here. */
export interface ListUsersQuery {
  page?: number;
  pageSize?: number;
  status?: UserStatus;
  role?: Role;
  teamId?: string;
  /** Part of a name or an email, case-insensitive. */
  q?: string;
}
export interface UserPage { items: User[]; total: number; page: number; pageSize: number }
/** Send role, teamIds or both (the server answers 400 to neither). The email never changes. */
export interface UpdateUserRequest { role?: Role; teamIds?: string[] }
export interface SetCapacityRequest { capacity: number | null }
export interface RemovedUser {
  id: string;
  /** Ongoing conversations sent back to Unassigned (and to routing). */
  requeuedConversations: number;
}
export interface OwnershipTransfer { ownerId: string; previousOwnerId: string }

// ---- Invitations -------------------------------------------------------------------------------------

export interface InviteRequest {
  email: string;
  role: Role;
  teamIds?: string[];
  /** Omitted = unlimited. */
  capacity?: number | null;
}
export interface InvitedUser {
  user: User;
  /** emailSent false: the mail did not go out; resend once mail works again. */
  invitation: { expiresAt: string; emailSent: boolean };
}
export interface InvitationInfo { email: string; role: Role; account: { id: string; name: string }; expiresAt: string }
export interface AcceptInvitationRequest { token: string; name: string; password: string }
export interface ActivatedUser { user: { id: string; email: string; name: string }; account: { id: string; name: string } }

// ---- Teams -------------------------------------------------------------------------------------------

export interface TeamMember { id: string; name: string; email: string; role: Role; status: UserStatus }
export interface Team { id: string; name: string; members: TeamMember[]; createdAt: string }
export interface TeamList { items: Team[] }
export interface CreateTeamRequest { name: string; memberIds?: string[] }
export interface RenameTeamRequest { name: string }
export interface SetTeamMembersRequest { memberIds: string[] }
export interface DeletedTeam { id: string }

// ---- Audit -------------------------------------------------------------------------------------------

export const AUDIT_ACTIONS = [
  'user.invited', 'user.invitation_resent', 'user.activated', 'user.removed', 'user.role_changed', 'user.teams_changed',
  'user.capacity_changed', 'account.ownership_transferred',
  'team.created', 'team.renamed', 'team.members_changed', 'team.deleted',
  'account.routing_changed', 'channel.created', 'channel.updated', 'channel.deleted', 'api_key.created', 'api_key.revoked',
  'contact.owner_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export interface AuditQuery {
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
  /** An action name such as `user.removed` (AuditAction lists the known ones; modules add more). */
  action?: string;
  targetId?: string;
}
export interface AuditEvent {
  id: string;
  at: string;
  /** null when the system acted. */
  actor: { id: string | null; name: string | null };
  /** Typed as string, not AuditAction, so an SDK older than the server still reads newer actions. */
  action: string;
  target: { type: string; id: string | null; label: string | null };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
export interface AuditPage {
  items: AuditEvent[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

// ---- Two-factor authentication -----------------------------------------------------------------------

export interface TwoFactorStatus {
  enabled: boolean;
  /** Enrollment started but not confirmed. */
  pending: boolean;
  recoveryCodesRemaining: number;
  accountRequires2fa: boolean;
  enrollmentRequired: boolean;
}
export interface TwoFactorEnrollment {
  /** Carries the secret: show it once, to the authenticator app only. */
  otpauthUri: string;
  /** The same URI as a PNG QR code data URL. */
  qrCodeDataUrl: string;
}
export interface TwoFactorCode { code: string }
/** Exactly one of the two: a current authenticator code, or an unused recovery code (400 otherwise). */
export interface TwoFactorProof { code?: string; recoveryCode?: string }
export interface RecoveryCodes {
  /** Shown once: only their hashes are stored. */
  recoveryCodes: string[];
}
export interface VerifySignInResponse {
  token: string;
  expiresAt: string;
  stage: 'full';
  enrollmentRequired: boolean;
  /** Set when a recovery code was used. */
  recoveryCodesRemaining?: number;
}
export interface AccountSecurityRequest { require2fa: boolean }
export interface AccountSecurity {
  require2fa: boolean;
  /** Active members who have not enrolled. */
  membersWithout2fa: number;
}

// ---- Inbound messages (API key) ----------------------------------------------------------------------

export interface InboundMessageRequest {
  /** The id or the phone number of one of the account's channels. */
  channel: { id?: string; phone?: string };
  contact: { phone: string; name?: string };
  text: string;
  /** Retries with the same id are answered 200 with `duplicate: true` and change nothing. */
  providerMessageId: string;
  teamId?: string;
  /** 0–10, default 0. */
  priority?: number;
}
export interface InboundResult {
  duplicate: boolean;
  messageId: string;
  conversationId: string;
  contactId: string;
  conversationCreated: boolean;
}

// ---- Conversations (Inbox) ---------------------------------------------------------------------------

export const CONVERSATION_STATUSES = ['unassigned', 'assigned', 'resolved'] as const satisfies readonly ConversationStatus[];
export interface ListConversationsQuery {
  status?: ConversationStatus;
  assigneeId?: string;
  teamId?: string;
  channelId?: string;
  /** Shorthand for status=unassigned. */
  unassigned?: boolean;
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}
/** Only the conversations the caller's role may see, newest first. */
export interface ConversationPage { items: ConversationSummary[]; nextCursor: string | null }
export interface ConversationMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  body: string;
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
}
export interface ConversationDetail extends ConversationSummary {
  /** The latest messages. */
  messages: ConversationMessage[];
  lastMessageAt: string;
}
export interface AssignConversationRequest {
  userId: string;
  /** Admin and Inbox Manager only; recorded on the assignment event. */
  capacityOverride?: boolean;
}
/** Give toUserId, toTeamId or both (400 otherwise). */
export interface TransferConversationRequest { toUserId?: string; toTeamId?: string }
export interface RoutingHistoryEvent {
  id: string;
  at: string;
  kind: string;
  reason: string;
  fromUserId: string | null;
  fromUserName: string | null;
  toUserId: string | null;
  toUserName: string | null;
  actorUserId: string | null;
  actorName: string | null;
  toTeamId: string | null;
  capacityOverride: boolean;
  /** The routing decision's explanation; its shape belongs to the router and is not part of this contract. */
  explanation: unknown;
}
export interface RoutingHistory {
  conversationId: string;
  events: RoutingHistoryEvent[];
  /** For a waiting conversation: what routing would decide now and why (a dry run); otherwise null. */
  current: unknown;
}

// ---- Availability ------------------------------------------------------------------------------------

export const AVAILABILITY_STATUSES = ['available', 'paused', 'offline'] as const;
export type AvailabilityStatus = (typeof AVAILABILITY_STATUSES)[number];
export interface SetAvailabilityRequest { status: AvailabilityStatus }
export interface Availability {
  status: AvailabilityStatus;
  /** When routing stops counting the caller as connected without another PUT; null when offline. */
  expiresAt: string | null;
  /** Repeat PUT /me/availability this often to stay available without a socket. */
  heartbeatEveryMs: number;
}

// ---- Channels ----------------------------------------------------------------------------------------

export interface Channel { id: string; name: string; phoneNumber: string; defaultTeamId: string | null; createdAt: string }
export interface ChannelList { items: Channel[] }
export interface CreateChannelRequest { name: string; phoneNumber: string; defaultTeamId?: string | null }
/** Send name, defaultTeamId or both (400 otherwise). */
export interface UpdateChannelRequest { name?: string; defaultTeamId?: string | null }
export interface DeletedChannel { id: string }

// ---- Routing settings --------------------------------------------------------------------------------

export const ROUTING_STRATEGIES = ['balanced', 'round_robin'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];
export const OWNER_FALLBACKS = ['pool', 'wait'] as const;
export type OwnerFallback = (typeof OWNER_FALLBACKS)[number];
export interface RoutingSettings { strategy: RoutingStrategy; ownerFallback: OwnerFallback }
/** Send strategy, ownerFallback or both (400 otherwise). */
export interface UpdateRoutingSettingsRequest { strategy?: RoutingStrategy; ownerFallback?: OwnerFallback }

// ---- Contacts ----------------------------------------------------------------------------------------

export interface Contact { id: string; phoneNumber: string; name: string; ownerId: string | null; createdAt: string }
export interface ContactList { items: Contact[] }
export interface ListContactsQuery {
  /** Part of a name or phone number. */
  q?: string;
  ownerId?: string;
  limit?: number;
  offset?: number;
}
/** null clears the owner. */
export interface SetContactOwnerRequest { ownerId: string | null }

// ---- API keys ----------------------------------------------------------------------------------------

export interface ApiKey {
  id: string;
  name: string;
  /** The key's first characters, to recognise it; the key itself is never shown again. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export interface ApiKeyList { items: ApiKey[] }
export interface CreateApiKeyRequest { name: string }
export interface CreatedApiKey extends ApiKey {
  /** Shown in this answer only: store it now. */
  key: string;
}

/**
 * Every endpoint the SDK knows, as `'METHOD /path'` → body, query, response. `:name` segments are path
 * parameters. Add an entry here when an endpoint lands on the server; `AdminClient.request` types itself
 * from it, and test/unit/sdk-contract.test.ts fails until the entry matches the server's schemas.
 */
export interface ApiEndpoints {
  'GET /healthz': { response: { status: 'ok' } };
  'GET /readyz': { response: Readiness };

  'POST /auth/sign-in': { body: SignInRequest; response: SignInResponse };
  /** Authenticated with the mfa-stage token of the sign-in. */
  'POST /auth/2fa/verify': { body: TwoFactorProof; response: VerifySignInResponse };
  'POST /auth/sign-out': { response: void };
  'POST /auth/sign-out-everywhere': { response: { revoked: number } };
  'GET /me': { response: MeResponse };

  'GET /me/2fa': { response: TwoFactorStatus };
  'POST /me/2fa/enroll': { response: TwoFactorEnrollment };
  'POST /me/2fa/confirm': { body: TwoFactorCode; response: RecoveryCodes };
  'POST /me/2fa/disable': { body: TwoFactorProof; response: void };
  'POST /me/2fa/recovery-codes': { body: TwoFactorProof; response: RecoveryCodes };
  'GET /account/security': { response: AccountSecurity };
  'PUT /account/security': { body: AccountSecurityRequest; response: AccountSecurity };
  'DELETE /users/:userId/2fa': { response: void };

  'GET /users': { query: ListUsersQuery; response: UserPage };
  'GET /users/:id': { response: User };
  'PATCH /users/:id': { body: UpdateUserRequest; response: User };
  'PUT /users/:id/capacity': { body: SetCapacityRequest; response: User };
  'DELETE /users/:id': { response: RemovedUser };
  'POST /users/:id/transfer-ownership': { response: OwnershipTransfer };
  'POST /users/:id/resend-invitation': { response: InvitedUser };

  'POST /invitations': { body: InviteRequest; response: InvitedUser };
  'GET /invitations/:token': { response: InvitationInfo };
  'POST /invitations/accept': { body: AcceptInvitationRequest; response: ActivatedUser };

  'GET /teams': { response: TeamList };
  'GET /teams/:id': { response: Team };
  'POST /teams': { body: CreateTeamRequest; response: Team };
  'PATCH /teams/:id': { body: RenameTeamRequest; response: Team };
  'PUT /teams/:id/members': { body: SetTeamMembersRequest; response: Team };
  'DELETE /teams/:id': { response: DeletedTeam };

  'GET /audit': { query: AuditQuery; response: AuditPage };

  'GET /conversations': { query: ListConversationsQuery; response: ConversationPage };
  'GET /conversations/:id': { response: ConversationDetail };
  'GET /conversations/:id/routing': { response: RoutingHistory };
  'POST /conversations/:id/pick': { response: ConversationSummary };
  'POST /conversations/:id/assign': { body: AssignConversationRequest; response: ConversationSummary };
  'POST /conversations/:id/transfer': { body: TransferConversationRequest; response: ConversationSummary };
  'POST /conversations/:id/unassign': { response: ConversationSummary };
  'POST /conversations/:id/resolve': { response: ConversationSummary };
  'POST /conversations/:id/reopen': { response: ConversationSummary };

  'GET /me/availability': { response: Availability };
  'PUT /me/availability': { body: SetAvailabilityRequest; response: Availability };

  'GET /channels': { response: ChannelList };
  'POST /channels': { body: CreateChannelRequest; response: Channel };
  'PATCH /channels/:id': { body: UpdateChannelRequest; response: Channel };
  'DELETE /channels/:id': { response: DeletedChannel };

  'GET /account/routing': { response: RoutingSettings };
  'PUT /account/routing': { body: UpdateRoutingSettingsRequest; response: RoutingSettings };

  'GET /contacts': { query: ListContactsQuery; response: ContactList };
  'GET /contacts/:id': { response: Contact };
  'PUT /contacts/:id/owner': { body: SetContactOwnerRequest; response: Contact };

  'GET /api-keys': { response: ApiKeyList };
  'POST /api-keys': { body: CreateApiKeyRequest; response: CreatedApiKey };
  'DELETE /api-keys/:id': { response: ApiKey };

  /** Authenticated with an API key (`AdminClientOptions.apiKey`), not a session. */
  'POST /v1/inbound/messages': { body: InboundMessageRequest; response: InboundResult };
}
export type Endpoint = keyof ApiEndpoints;
