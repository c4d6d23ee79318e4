import { AdminClient, type InboundResult } from '@switchboard/client-sdk';
import { activationLink, uniqueEmail } from './fixtures.js';
import { E2E } from './env.js';

/**
 * The API as a test arranges it, through the client-sdk like every other client: the steps a test only needs done
 * (an agent to exist, customers to write in) rather than the screens it walks.
 */

/** The demo seed's inbound key and number (server/src/db/seed.ts DEMO). */
const DEMO_API_KEY = 'sbk_demo_inbound_key_do_not_use_in_production';
const DEMO_CHANNEL_PHONE = '+15550100';

export async function apiAs(email: string, password: string): Promise<AdminClient> {
  const client = new AdminClient({ baseUrl: E2E.baseUrl });
  await client.signIn({ email, password });
  return client;
}

/** A new active agent in new teams of their own, so nothing else the suite did routes to them or takes their work. */
export async function createAgent(
  admin: AdminClient,
  opts: { name: string; capacity: number; teamName: string },
): Promise<{ id: string; email: string; password: string; name: string; teamId: string }> {
  const team = await admin.request('POST /teams', { body: { name: opts.teamName } });
  const email = uniqueEmail(opts.name.toLowerCase().replace(/\W+/g, '-'));
  const invitedAt = Date.now() - 1000;
  const invited = await admin.request('POST /invitations', {
    body: { email, role: 'service', teamIds: [team.id], capacity: opts.capacity },
  });
  const token = new URL(await activationLink(email, invitedAt)).searchParams.get('token')!;
  const password = 'agent-password-1';
  await new AdminClient({ baseUrl: E2E.baseUrl }).request('POST /invitations/accept', {
    body: { token, name: opts.name, password },
  });
  return { id: invited.user.id, email, password, name: opts.name, teamId: team.id };
}

/** A customer writes in on the demo number (the provider's webhook), for a team; answers the new conversation. */
export async function customerWrites(opts: { teamId: string; name: string; text?: string }): Promise<InboundResult> {
  const webhook = new AdminClient({ baseUrl: E2E.baseUrl, apiKey: DEMO_API_KEY });
  const unique = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  return webhook.request('POST /v1/inbound/messages', {
    body: {
      channel: { phone: DEMO_CHANNEL_PHONE },
      contact: { phone: `+49${unique.slice(-11)}`, name: opts.name },
      text: opts.text ?? `Hello from ${opts.name}`,
      providerMessageId: `e2e-${unique}-${opts.name}`,
      teamId: opts.teamId,
    },
  });
}
