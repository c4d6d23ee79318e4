import type { Socket } from 'socket.io-client';
import { afterAll, describe, expectTypeOf, it } from 'vitest';
import { io } from 'socket.io-client';
import {
  AdminClient,
  AgentClient,
  type AgentCapacityUpdate,
  type ClientToServerEvents,
  type ConversationAssigned,
  type EventEnvelope,
  type ConversationSummary,
  type MeResponse,
  type PresenceState,
  type User,
  type UserPage,
  type QueueCounts,
  type ServerToClientEvents,
  type SocketResult,
} from '@switchboard/client-sdk';

// These tests are checked by `npm run typecheck` (tsc): an `@ts-expect-error` that stops being an error fails
// the build, so each one proves that a wrong event name or payload does not compile. Calls that would do I/O
// sit in functions that are never run: only their types matter. Nothing here connects.
const agent = new AgentClient({ url: 'http://127.0.0.1:9', token: 'sbs_x' });
const admin = new AdminClient({ baseUrl: 'http://127.0.0.1:9' });
const socket = io('http://127.0.0.1:9', { autoConnect: false }) as Socket<ServerToClientEvents, ClientToServerEvents>;

describe('AgentClient event typing', () => {
  it('types each durable handler with its envelope', () => {
    agent.on('conversation.assigned', (e) => {
      expectTypeOf(e).toEqualTypeOf<EventEnvelope<'conversation.assigned'>>();
      expectTypeOf(e.payload).toEqualTypeOf<ConversationAssigned>();
      expectTypeOf(e.payload.assigneeId).toBeString();
      expectTypeOf(e.id).toBeString();
    });
    agent.on('message.created', (e) => {
      expectTypeOf(e.payload.message.direction).toEqualTypeOf<'inbound' | 'outbound'>();
    });
    // @ts-expect-error no such event
    agent.on('conversation.assign', () => {});
    // @ts-expect-error the payload of conversation.assigned has no `message`
    agent.on('conversation.assigned', (e) => e.payload.message);
    // @ts-expect-error a handler for a durable event gets an envelope, not a bare payload
    agent.on('conversation.resolved', (p: ConversationAssigned) => p);
  });

  it('types ephemeral and lifecycle events', () => {
    agent.on('queue.counts', (c) => expectTypeOf(c).toEqualTypeOf<QueueCounts>());
    agent.on('agent.capacity', (c) => expectTypeOf(c.capacity).toEqualTypeOf<number | null>());
    agent.on('agent.load', (b) => expectTypeOf(b.agents[0].ongoing).toEqualTypeOf<number>());
    agent.on('revoked', (r) => expectTypeOf(r.code).toEqualTypeOf<'unauthenticated' | 'enroll_2fa_first'>());
    // @ts-expect-error queue.counts carries counts, not an envelope
    agent.on('queue.counts', (c) => c.payload);
  });

  it('types the socket calls', () => {
    expectTypeOf(agent.pause).returns.resolves.toEqualTypeOf<PresenceState>();
    expectTypeOf(agent.setCapacity).returns.resolves.toEqualTypeOf<AgentCapacityUpdate>();
    expectTypeOf(agent.setCapacity).parameters.toEqualTypeOf<[userId: string, capacity: number | null]>();
    // @ts-expect-error capacity is a number or null
    expectTypeOf(() => agent.setCapacity('u', '3')).toBeFunction();
    // @ts-expect-error a transfer names a user or a team
    expectTypeOf(() => agent.transfer({ conversationId: 'c' })).toBeFunction();
    // @ts-expect-error not both
    expectTypeOf(() => agent.transfer({ conversationId: 'c', toUserId: 'u', toTeamId: 't' })).toBeFunction();
  });

  it('types the raw socket with the same maps', () => {
    socket.on('conversation.transferred', (e) => expectTypeOf(e.payload.toTeamId).toEqualTypeOf<string | null>());
    expectTypeOf(() =>
      socket.emit('capacity.set', { userId: 'u', capacity: null }, (r) =>
        expectTypeOf(r).toEqualTypeOf<SocketResult<AgentCapacityUpdate>>(),
      ),
    ).toBeFunction();
    // @ts-expect-error unknown client event
    expectTypeOf(() => socket.emit('capacity.change', { userId: 'u', capacity: 1 }, () => {})).toBeFunction();
    // @ts-expect-error wrong payload
    expectTypeOf(() => socket.emit('events.ack', { lastEventId: 5 })).toBeFunction();
  });
});

describe('AdminClient typing', () => {
  it('types requests and responses from the endpoint map', () => {
    expectTypeOf(() => admin.request('GET /me')).returns.resolves.toEqualTypeOf<MeResponse>();
    expectTypeOf(() => admin.request('POST /auth/sign-out-everywhere')).returns.resolves.toEqualTypeOf<{
      revoked: number;
    }>();
    expectTypeOf(admin.me).returns.resolves.toEqualTypeOf<MeResponse>();
    // @ts-expect-error sign-in needs a body
    expectTypeOf(() => admin.request('POST /auth/sign-in')).toBeFunction();
    // @ts-expect-error unknown endpoint
    expectTypeOf(() => admin.request('GET /nope')).toBeFunction();
    // @ts-expect-error the body has no `username`
    expectTypeOf(() => admin.request('POST /auth/sign-in', { body: { username: 'a', password: 'b' } })).toBeFunction();
  });

  it('types path parameters, queries and bodies of the admin and inbox endpoints', () => {
    expectTypeOf(() =>
      admin.request('PUT /users/:id/capacity', { params: { id: 'u' }, body: { capacity: null } }),
    ).returns.resolves.toEqualTypeOf<User>();
    expectTypeOf(() => admin.request('GET /users')).returns.resolves.toEqualTypeOf<UserPage>();
    expectTypeOf(() =>
      admin.request('GET /users', { query: { role: 'sale', page: 2 } }),
    ).returns.resolves.toEqualTypeOf<UserPage>();
    expectTypeOf(() =>
      admin.request('POST /conversations/:id/resolve', { params: { id: 'c' } }),
    ).returns.resolves.toEqualTypeOf<ConversationSummary>();
    expectTypeOf(() =>
      admin.request('POST /me/2fa/disable', { body: { recoveryCode: 'r' } }),
    ).returns.resolves.toEqualTypeOf<void>();
    // @ts-expect-error the path parameter is missing
    expectTypeOf(() => admin.request('GET /users/:id')).toBeFunction();
    // @ts-expect-error the parameter of this path is `id`
    expectTypeOf(() => admin.request('GET /teams/:id', { params: { teamId: 't' } })).toBeFunction();
    expectTypeOf(() =>
      // @ts-expect-error capacity is a number or null
      admin.request('PUT /users/:id/capacity', { params: { id: 'u' }, body: { capacity: '3' } }),
    ).toBeFunction();
    // @ts-expect-error not a role
    expectTypeOf(() => admin.request('GET /users', { query: { role: 'owner' } })).toBeFunction();
    expectTypeOf(() =>
      // @ts-expect-error the email of a user never changes
      admin.request('PATCH /users/:id', { params: { id: 'u' }, body: { email: 'x@y.test' } }),
    ).toBeFunction();
  });
});

afterAll(() => {
  agent.close();
  socket.close();
});
