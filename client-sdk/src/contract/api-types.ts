import type { z } from 'zod';
import type { ConversationSummary } from './events.js';
import type { apiKeyDto, apiKeyList, createApiKeyBody, createdApiKey } from './schemas/api-keys.js';
import type { auditEventDto, auditPage, auditQuery } from './schemas/audit.js';
import type { meResponse, signInBody, signInResponse } from './schemas/auth.js';
import type { availabilityBody, availabilityDto } from './schemas/availability.js';
import type {
  channelDto,
  channelList,
  createChannelBody,
  deletedChannel,
  updateChannelBody,
} from './schemas/channels.js';
import type { contactDto, contactList, listContactsQuery, ownerBody } from './schemas/contacts.js';
import type {
  assignBody,
  conversationDetail,
  conversationPage,
  listConversationsQuery,
  listMessagesQuery,
  messageDto,
  messagePage,
  replyBody,
  routingHistory,
  transferBody,
  transferTargets,
} from './schemas/conversations.js';
import type { inboundMessageBody, inboundResult } from './schemas/inbound.js';
import type { loadBoardAgent, loadBoardDto } from './schemas/load-board.js';
import type { acceptBody, activated, invitationInfo, invitedUser, inviteBody } from './schemas/invitations.js';
import type { routingSettingsBody, routingSettingsDto } from './schemas/routing-settings.js';
import type {
  createTeamBody,
  deletedTeam,
  renameTeamBody,
  teamDto,
  teamList,
  teamMembersBody,
} from './schemas/teams.js';
import type {
  accountSecurityBody,
  accountSecurityResponse,
  codeBody,
  enrollResponse,
  proofBody,
  recoveryCodesResponse,
  statusResponse,
  verifyResponse,
} from './schemas/twofa.js';
import type {
  capacityBody,
  listUsersQuery,
  ownershipDto,
  removedUser,
  updateUserBody,
  userDto,
  userPage,
} from './schemas/users.js';

/**
 * REST request and response types, named for SDK users. They are read off the zod schemas in ./schemas/, the
 * same ones the server validates with and generates its OpenAPI document from, so they cannot drift:
 * - a body is `z.input` (what a caller writes: fields with defaults are optional); a preprocessed schema's
 *   input is `unknown`, so its output is used instead;
 * - a query is the parsed output made optional: values travel as strings and are coerced, and every parameter
 *   has a default or may be left out;
 * - a response is `z.output`.
 * test/unit/sdk-contract.test.ts checks that each endpoint of `ApiEndpoints` names the schemas its route uses.
 */
type Body<S extends z.ZodType> = z.input<S>;
type Query<S extends z.ZodType> = Partial<z.output<S>>;
type Dto<S extends z.ZodType> = z.output<S>;

export { ROLES, USER_STATUSES, type Role, type UserStatus } from './schemas/users.js';
export { MENUS, type Menu } from './schemas/auth.js';
export { AUDIT_ACTIONS, type AuditAction } from './schemas/audit.js';
export { CONVERSATION_STATUSES } from './schemas/conversations.js';
export { AVAILABILITY_STATUSES, type AvailabilityStatus } from './schemas/availability.js';
export {
  OWNER_FALLBACKS,
  ROUTING_STRATEGIES,
  type OwnerFallback,
  type RoutingStrategy,
} from './schemas/routing-settings.js';

export type SignInRequest = Body<typeof signInBody>;
export type SignInResponse = Dto<typeof signInResponse>;
export type MeResponse = Dto<typeof meResponse>;
/** What GET /readyz answers; the server builds it from its dependency checks rather than from a schema. */
export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

// ---- Users -------------------------------------------------------------------------------------------

export type User = Dto<typeof userDto>;
export type TeamRef = User['teams'][number];
export type ListUsersQuery = Query<typeof listUsersQuery>;
export type UserPage = Dto<typeof userPage>;
/** Send role, teamIds or both (the server answers 400 to neither). The email never changes. */
export type UpdateUserRequest = Dto<typeof updateUserBody>;
export type SetCapacityRequest = Body<typeof capacityBody>;
export type RemovedUser = Dto<typeof removedUser>;
export type OwnershipTransfer = Dto<typeof ownershipDto>;

// ---- Invitations -------------------------------------------------------------------------------------

export type InviteRequest = Body<typeof inviteBody>;
export type InvitedUser = Dto<typeof invitedUser>;
export type InvitationInfo = Dto<typeof invitationInfo>;
export type AcceptInvitationRequest = Body<typeof acceptBody>;
export type ActivatedUser = Dto<typeof activated>;

// ---- Teams -------------------------------------------------------------------------------------------

export type Team = Dto<typeof teamDto>;
export type TeamMember = Team['members'][number];
export type TeamList = Dto<typeof teamList>;
export type CreateTeamRequest = Body<typeof createTeamBody>;
export type RenameTeamRequest = Body<typeof renameTeamBody>;
export type SetTeamMembersRequest = Body<typeof teamMembersBody>;
export type DeletedTeam = Dto<typeof deletedTeam>;

// ---- Audit -------------------------------------------------------------------------------------------

export type AuditQuery = Query<typeof auditQuery>;
/** `action` is a string, not AuditAction, so an SDK older than the server still reads newer actions. */
export type AuditEvent = Dto<typeof auditEventDto>;
export type AuditPage = Dto<typeof auditPage>;

// ---- Two-factor authentication -----------------------------------------------------------------------

export type TwoFactorStatus = Dto<typeof statusResponse>;
export type TwoFactorEnrollment = Dto<typeof enrollResponse>;
export type TwoFactorCode = Body<typeof codeBody>;
/** Exactly one of the two: a current authenticator code, or an unused recovery code (400 otherwise). */
export type TwoFactorProof = Body<typeof proofBody>;
export type RecoveryCodes = Dto<typeof recoveryCodesResponse>;
export type VerifySignInResponse = Dto<typeof verifyResponse>;
export type AccountSecurityRequest = Body<typeof accountSecurityBody>;
export type AccountSecurity = Dto<typeof accountSecurityResponse>;

// ---- Inbound messages (API key) ----------------------------------------------------------------------

/** Retries with the same providerMessageId are answered 200 with `duplicate: true` and change nothing. */
export type InboundMessageRequest = Body<typeof inboundMessageBody>;
export type InboundResult = Dto<typeof inboundResult>;

// ---- Conversations (Inbox) ---------------------------------------------------------------------------

export type ListConversationsQuery = Query<typeof listConversationsQuery>;
/** Only the conversations the caller's role may see, newest first. */
export type ConversationPage = Dto<typeof conversationPage>;
export type ConversationMessage = Dto<typeof messageDto>;
export type ConversationDetail = Dto<typeof conversationDetail>;
export type ListMessagesQuery = Query<typeof listMessagesQuery>;
/** Oldest first; pass `nextCursor` as `after` for the next page. */
export type MessagePage = Dto<typeof messagePage>;
/** Only the conversation's current assignee may reply (403 otherwise; 409 once it is resolved). */
export type ReplyRequest = Body<typeof replyBody>;
export type TransferTargets = Dto<typeof transferTargets>;
export type AssignConversationRequest = Body<typeof assignBody>;
/** Give toUserId, toTeamId or both (400 otherwise). */
export type TransferConversationRequest = Body<typeof transferBody>;
/** Read it as sentences with `explainHistory` (contract/explain.ts). */
export type RoutingHistory = Dto<typeof routingHistory>;
export type RoutingHistoryEvent = RoutingHistory['events'][number];

// ---- Load board --------------------------------------------------------------------------------------

/** The board's first paint; the socket's `agent.*` and `queue.counts` events keep it current. */
export type LoadBoard = Dto<typeof loadBoardDto>;
export type LoadBoardAgent = Dto<typeof loadBoardAgent>;

// ---- Availability ------------------------------------------------------------------------------------

export type SetAvailabilityRequest = Body<typeof availabilityBody>;
/** Repeat PUT /me/availability every `heartbeatEveryMs` to stay available without a socket. */
export type Availability = Dto<typeof availabilityDto>;

// ---- Channels ----------------------------------------------------------------------------------------

export type Channel = Dto<typeof channelDto>;
export type ChannelList = Dto<typeof channelList>;
export type CreateChannelRequest = Body<typeof createChannelBody>;
/** Send name, defaultTeamId or both (400 otherwise). */
export type UpdateChannelRequest = Body<typeof updateChannelBody>;
export type DeletedChannel = Dto<typeof deletedChannel>;

// ---- Routing settings --------------------------------------------------------------------------------

export type RoutingSettings = Dto<typeof routingSettingsDto>;
/** Send strategy, ownerFallback or both (400 otherwise). */
export type UpdateRoutingSettingsRequest = Body<typeof routingSettingsBody>;

// ---- Contacts ----------------------------------------------------------------------------------------

export type Contact = Dto<typeof contactDto>;
export type ContactList = Dto<typeof contactList>;
export type ListContactsQuery = Query<typeof listContactsQuery>;
/** null clears the owner. */
export type SetContactOwnerRequest = Body<typeof ownerBody>;

// ---- API keys ----------------------------------------------------------------------------------------

/** `prefix`: the key's first characters, to recognise it; the key itself is never shown again. */
export type ApiKey = Dto<typeof apiKeyDto>;
export type ApiKeyList = Dto<typeof apiKeyList>;
export type CreateApiKeyRequest = Body<typeof createApiKeyBody>;
/** `key` is in this answer only: store it now. */
export type CreatedApiKey = Dto<typeof createdApiKey>;

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
  'GET /conversations/:id/messages': { query: ListMessagesQuery; response: MessagePage };
  'POST /conversations/:id/messages': { body: ReplyRequest; response: ConversationMessage };
  'GET /conversations/:id/transfer-targets': { response: TransferTargets };
  'POST /conversations/:id/pick': { response: ConversationSummary };
  'POST /conversations/:id/assign': { body: AssignConversationRequest; response: ConversationSummary };
  'POST /conversations/:id/transfer': { body: TransferConversationRequest; response: ConversationSummary };
  'POST /conversations/:id/unassign': { response: ConversationSummary };
  'POST /conversations/:id/resolve': { response: ConversationSummary };
  'POST /conversations/:id/reopen': { response: ConversationSummary };

  /** Admins and Inbox Managers (the load_board menu). */
  'GET /load-board': { response: LoadBoard };

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
