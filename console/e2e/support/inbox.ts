/**
 * Setting the scene for inbox tests over the real API, as an integrator and an admin would: the tests share one
 * demo account, so each gives its agent a team of their own and posts its conversations to that team, and no
 * other agent (online from an earlier test) is eligible for them.
 */
import { randomBytes } from 'node:crypto';
import type {
  ConversationDetail,
  ConversationPage,
  CreateTeamRequest,
  InboundMessageRequest,
  InboundResult,
  SetCapacityRequest,
  SignInResponse,
  Team,
  User,
  UserPage,
} from '@switchboard/client-sdk';
import { E2E } from './env.js';

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${E2E.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

let adminAuth: Promise<Record<string, string>> | undefined;
const asAdmin = () =>
  (adminAuth ??= call<SignInResponse>('POST', '/auth/sign-in', E2E.admin).then((s) => ({
    authorization: `Bearer ${s.token}`,
  })));

/** A fresh team whose only member is the agent, and the agent's capacity; returns the team to post to. */
export async function teamOf(
  agentEmail: string,
  capacity: number,
): Promise<{ teamId: string; teamName: string; userId: string }> {
  const auth = await asAdmin();
  const page = await call<UserPage>('GET', `/users?q=${encodeURIComponent(agentEmail)}`, undefined, auth);
  const user = page.items.find((u: User) => u.email === agentEmail);
  if (!user) throw new Error(`no user ${agentEmail}`);
  const team = await call<Team>(
    'POST',
    '/teams',
    { name: `e2e ${randomBytes(4).toString('hex')}`, memberIds: [user.id] } satisfies CreateTeamRequest,
    auth,
  );
  await call('PUT', `/users/${user.id}/capacity`, { capacity } satisfies SetCapacityRequest, auth);
  // Start from an empty inbox, whatever an earlier run against the same stack left assigned.
  const left = await call<ConversationPage>(
    'GET',
    `/conversations?assigneeId=${user.id}&status=assigned&limit=200`,
    undefined,
    auth,
  );
  for (const c of left.items) await call('POST', `/conversations/${c.id}/resolve`, undefined, auth);
  return { teamId: team.id, teamName: team.name, userId: user.id };
}

/** A customer's WhatsApp message through the inbound webhook; a new contact opens a new conversation. */
export async function postInbound(teamId: string, contactName: string, text: string): Promise<InboundResult> {
  const body: InboundMessageRequest = {
    channel: { phone: E2E.inbound.channelPhone },
    contact: { phone: `+1999${Math.floor(Math.random() * 1e7)}`, name: contactName },
    text,
    providerMessageId: `e2e-${randomBytes(8).toString('hex')}`,
    teamId,
  };
  return call<InboundResult>('POST', '/v1/inbound/messages', body, { 'x-api-key': E2E.inbound.apiKey });
}

/** Waits until routing has given the conversation to `userId` (seen by an admin over REST, not by the page). */
export async function waitAssigned(conversationId: string, userId: string, timeoutMs = 10_000): Promise<void> {
  const auth = await asAdmin();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await call<ConversationDetail>('GET', `/conversations/${conversationId}`, undefined, auth);
    if (c.status === 'assigned' && c.assigneeId === userId) return;
    if (Date.now() > deadline) throw new Error(`${conversationId} was not assigned to ${userId}: ${c.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const uniqueName = (first: string) => `${first} ${randomBytes(3).toString('hex')}`;
