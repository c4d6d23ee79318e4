import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  AUDIT_ACTIONS as SDK_AUDIT_ACTIONS,
  AVAILABILITY_STATUSES as SDK_AVAILABILITY_STATUSES,
  CONVERSATION_STATUSES as SDK_CONVERSATION_STATUSES,
  EXCLUSION_REASONS as SDK_EXCLUSION_REASONS,
  MENUS as SDK_MENUS,
  OWNER_FALLBACKS as SDK_OWNER_FALLBACKS,
  ROLES as SDK_ROLES,
  ROUTING_STRATEGIES as SDK_ROUTING_STRATEGIES,
  USER_STATUSES as SDK_USER_STATUSES,
  type ApiEndpoints,
  type ConversationSummary,
  type Endpoint,
  type MeResponse,
  type QueueCounts,
  type SignInRequest,
  type SignInResponse,
} from '@switchboard/client-sdk';
import {
  AUDIT_ACTIONS,
  acceptBody,
  accountSecurityBody,
  accountSecurityResponse,
  activated,
  apiKeyDto,
  apiKeyList,
  assignBody,
  auditPage,
  auditQuery,
  availabilityBody,
  availabilityDto,
  capacityBody,
  channelDto,
  channelList,
  codeBody,
  type compactExplanation,
  contactDto,
  contactList,
  conversationDetail,
  conversationPage,
  createApiKeyBody,
  createChannelBody,
  createdApiKey,
  createTeamBody,
  deletedChannel,
  deletedTeam,
  emptyActionBody,
  emptyBody,
  enrollResponse,
  type fullExplanation,
  inboundMessageBody,
  inboundResult,
  invitationInfo,
  invitedUser,
  inviteBody,
  listContactsQuery,
  listConversationsQuery,
  listMessagesQuery,
  listUsersQuery,
  liveness,
  loadBoardDto,
  type queueCountsDto,
  meResponse,
  messageDto,
  messagePage,
  ownerBody,
  ownershipDto,
  proofBody,
  recoveryCodesResponse,
  removedUser,
  renameTeamBody,
  replyBody,
  type routingDecision,
  routingHistory,
  routingSettingsBody,
  routingSettingsDto,
  signInBody,
  signInResponse,
  signOutEverywhereResponse,
  statusResponse,
  summaryDto,
  teamDto,
  teamList,
  teamMembersBody,
  transferBody,
  transferTargets,
  type LossReason as SdkLossReason,
  updateChannelBody,
  updateUserBody,
  userDto,
  userPage,
  verifyResponse,
} from '@switchboard/client-sdk/contract';
// The server's own names for the enums: its entities and permission matrix must use the contract's values.
import { MENUS } from '../../server/src/core/permissions.js';
import { ROLES, USER_STATUSES } from '../../server/src/db/entities/user.entity.js';
import { CONVERSATION_STATUSES } from '../../server/src/db/entities/conversation.entity.js';
import { OWNER_FALLBACKS, ROUTING_STRATEGIES } from '../../server/src/core/routing-settings.js';
import { readiness } from '../../server/src/http/routes/health.routes.js';
import {
  EXCLUSION_REASONS,
  type CompactExplanation,
  type Decision,
  type LossReason,
} from '../../server/src/routing/policy/index.js';
import type { ReplayedExplanation } from '../../server/src/routing/snapshot.store.js';

/**
 * The schemas each route passes to `route({...})`, keyed like the SDK's endpoint map. `satisfies Record<Endpoint, …>`
 * makes a new SDK entry without a line here (or a line without an SDK entry) a compile error, so every endpoint
 * is checked. Routes without a response schema give the function whose result they send (`returns`).
 * test/integration/sdk-admin.test.ts checks the other direction: every route the server mounts is in the SDK.
 */
const SERVER = {
  'GET /healthz': { response: liveness },
  'GET /readyz': { returns: readiness },
  'POST /auth/sign-in': { body: signInBody, response: signInResponse },
  'POST /auth/2fa/verify': { body: proofBody, response: verifyResponse },
  'POST /auth/sign-out': {},
  'POST /auth/sign-out-everywhere': { response: signOutEverywhereResponse },
  'GET /me': { response: meResponse },
  'GET /me/2fa': { response: statusResponse },
  'POST /me/2fa/enroll': { response: enrollResponse },
  'POST /me/2fa/confirm': { body: codeBody, response: recoveryCodesResponse },
  'POST /me/2fa/disable': { body: proofBody },
  'POST /me/2fa/recovery-codes': { body: proofBody, response: recoveryCodesResponse },
  'GET /account/security': { response: accountSecurityResponse },
  'PUT /account/security': { body: accountSecurityBody, response: accountSecurityResponse },
  'DELETE /users/:userId/2fa': {},
  'GET /users': { query: listUsersQuery, response: userPage },
  'GET /users/:id': { response: userDto },
  'PATCH /users/:id': { body: updateUserBody, response: userDto },
  'PUT /users/:id/capacity': { body: capacityBody, response: userDto },
  'DELETE /users/:id': { response: removedUser },
  'POST /users/:id/transfer-ownership': { body: emptyBody, response: ownershipDto },
  'POST /users/:id/resend-invitation': { body: emptyBody, response: invitedUser },
  'POST /invitations': { body: inviteBody, response: invitedUser },
  'GET /invitations/:token': { response: invitationInfo },
  'POST /invitations/accept': { body: acceptBody, response: activated },
  'GET /teams': { response: teamList },
  'GET /teams/:id': { response: teamDto },
  'POST /teams': { body: createTeamBody, response: teamDto },
  'PATCH /teams/:id': { body: renameTeamBody, response: teamDto },
  'PUT /teams/:id/members': { body: teamMembersBody, response: teamDto },
  'DELETE /teams/:id': { response: deletedTeam },
  'GET /audit': { query: auditQuery, response: auditPage },
  'GET /conversations': { query: listConversationsQuery, response: conversationPage },
  'GET /conversations/:id': { response: conversationDetail },
  'GET /conversations/:id/routing': { response: routingHistory },
  'GET /conversations/:id/messages': { query: listMessagesQuery, response: messagePage },
  'POST /conversations/:id/messages': { body: replyBody, response: messageDto },
  'GET /conversations/:id/transfer-targets': { response: transferTargets },
  'GET /load-board': { response: loadBoardDto },
  'POST /conversations/:id/pick': { body: emptyActionBody, response: summaryDto },
  'POST /conversations/:id/assign': { body: assignBody, response: summaryDto },
  'POST /conversations/:id/transfer': { body: transferBody, response: summaryDto },
  'POST /conversations/:id/unassign': { body: emptyActionBody, response: summaryDto },
  'POST /conversations/:id/resolve': { body: emptyActionBody, response: summaryDto },
  'POST /conversations/:id/reopen': { body: emptyActionBody, response: summaryDto },
  'GET /me/availability': { response: availabilityDto },
  'PUT /me/availability': { body: availabilityBody, response: availabilityDto },
  'GET /channels': { response: channelList },
  'POST /channels': { body: createChannelBody, response: channelDto },
  'PATCH /channels/:id': { body: updateChannelBody, response: channelDto },
  'DELETE /channels/:id': { response: deletedChannel },
  'GET /account/routing': { response: routingSettingsDto },
  'PUT /account/routing': { body: routingSettingsBody, response: routingSettingsDto },
  'GET /contacts': { query: listContactsQuery, response: contactList },
  'GET /contacts/:id': { response: contactDto },
  'PUT /contacts/:id/owner': { body: ownerBody, response: contactDto },
  'GET /api-keys': { response: apiKeyList },
  'POST /api-keys': { body: createApiKeyBody, response: createdApiKey },
  'DELETE /api-keys/:id': { response: apiKeyDto },
  'POST /v1/inbound/messages': { body: inboundMessageBody, response: inboundResult },
} satisfies Record<
  Endpoint,
  { body?: z.ZodType; query?: z.ZodType; response?: z.ZodType; returns?: (...a: never[]) => unknown }
>;
type Server = typeof SERVER;

/*
 * What the SDK must send and may receive, derived from the server's schemas:
 * - body: z.input (what the caller writes: defaults optional). A preprocessed schema's input is `unknown`; what
 *   it accepts is then its output.
 * - query: z.output made optional. Query values travel as strings and are coerced, so z.input says `unknown`;
 *   the parsed types, each optional because every query parameter has a default or may be left out, are what
 *   a caller means.
 * - response: z.output, or the awaited result of `returns`; none = 204 (void).
 * Both sides are compared per endpoint by mutual assignability (so the error names the endpoint), then as a
 * whole with expectTypeOf's stricter equality.
 */
type BodyOf<S> = S extends { body: infer B extends z.ZodType }
  ? unknown extends z.input<B>
    ? z.output<B>
    : // An optional empty body (`emptyBody`, `emptyActionBody`) is an action without input: the SDK sends none.
      z.input<B> extends Record<string, never> | undefined
      ? never
      : z.input<B>
  : never;
type QueryOf<S> = S extends { query: infer Q extends z.ZodType } ? Partial<z.output<Q>> : never;
type ResponseOf<S> = S extends { response: infer R extends z.ZodType }
  ? z.output<R>
  : S extends { returns: (...a: never[]) => infer T }
    ? Awaited<T>
    : void;
type SdkPart<E extends Endpoint, K extends string> = ApiEndpoints[E] extends { [P in K]: infer T } ? T : never;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Drifted<K extends 'body' | 'query' | 'response', Of extends { [E in Endpoint]: unknown }> = {
  [E in Endpoint]: Same<SdkPart<E, K>, Of[E]> extends true ? never : E;
}[Endpoint];
type ServerBodies = { [E in Endpoint]: BodyOf<Server[E]> };
type ServerQueries = { [E in Endpoint]: QueryOf<Server[E]> };
type ServerResponses = { [E in Endpoint]: ResponseOf<Server[E]> };

describe('client-sdk REST types match the server schemas', () => {
  it('names a real schema (or result function) for every part of every endpoint', () => {
    for (const [endpoint, parts] of Object.entries(SERVER))
      for (const [part, schema] of Object.entries(parts))
        expect(schema instanceof z.ZodType || typeof schema === 'function', `${endpoint} ${part}`).toBe(true);
  });

  it('has the same roles, menus, user statuses and audit actions', () => {
    expect([...SDK_ROLES]).toEqual([...ROLES]);
    expect([...SDK_MENUS]).toEqual([...MENUS]);
    expect([...SDK_USER_STATUSES]).toEqual([...USER_STATUSES]);
    expect([...SDK_AUDIT_ACTIONS]).toEqual([...AUDIT_ACTIONS]);
    expect([...SDK_CONVERSATION_STATUSES]).toEqual([...CONVERSATION_STATUSES]);
    expect([...SDK_ROUTING_STRATEGIES]).toEqual([...ROUTING_STRATEGIES]);
    expect([...SDK_OWNER_FALLBACKS]).toEqual([...OWNER_FALLBACKS]);
    expect([...SDK_AVAILABILITY_STATUSES]).toEqual(availabilityBody.shape.status.options);
  });

  it('has the request and response shapes of every endpoint', () => {
    // Each object must be empty; when a type drifts, tsc reports the endpoint as a missing property.
    const drifted: {
      body: { [E in Drifted<'body', ServerBodies>]: 'drifted' };
      query: { [E in Drifted<'query', ServerQueries>]: 'drifted' };
      response: { [E in Drifted<'response', ServerResponses>]: 'drifted' };
    } = { body: {}, query: {}, response: {} };
    expect(drifted).toEqual({ body: {}, query: {}, response: {} });

    expectTypeOf<{ [E in Endpoint]: SdkPart<E, 'body'> }>().toEqualTypeOf<ServerBodies>();
    expectTypeOf<{ [E in Endpoint]: SdkPart<E, 'query'> }>().toEqualTypeOf<ServerQueries>();
    expectTypeOf<{ [E in Endpoint]: SdkPart<E, 'response'> }>().toEqualTypeOf<ServerResponses>();
  });

  it("describes the router's explanations, so the sentence renderer reads what the server sends", () => {
    expect([...SDK_EXCLUSION_REASONS]).toEqual([...EXCLUSION_REASONS]);
    expectTypeOf<SdkLossReason>().toEqualTypeOf<LossReason>();
    expectTypeOf<Decision>().toExtend<z.output<typeof routingDecision>>();
    expectTypeOf<ReplayedExplanation>().toExtend<z.output<typeof fullExplanation>>();
    expectTypeOf<CompactExplanation>().toExtend<z.output<typeof compactExplanation>>();
  });

  it('keeps the named DTOs equal to their schemas', () => {
    expectTypeOf<z.output<typeof meResponse>>().toEqualTypeOf<MeResponse>();
    expectTypeOf<z.output<typeof signInResponse>>().toEqualTypeOf<SignInResponse>();
    expectTypeOf<z.input<typeof signInBody>>().toEqualTypeOf<SignInRequest>();
    // The socket events carry the same summary as the REST Inbox, and the same queue counts as the load board.
    expectTypeOf<z.output<typeof summaryDto>>().toEqualTypeOf<ConversationSummary>();
    expectTypeOf<z.output<typeof queueCountsDto>>().toEqualTypeOf<QueueCounts>();
  });
});
