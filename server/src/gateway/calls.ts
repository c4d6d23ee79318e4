import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type {
  ConversationSummary,
  ResolveRequest,
  SocketResult,
  TransferRequest,
} from '@switchboard/client-sdk/contract';
import { DomainError, validation } from '../core/errors.js';
import type { AuthContext } from '../modules/auth/auth.context.js';
import { setCapacityLive } from '../modules/users/capacity.service.js';
import type { UsersDeps } from '../modules/users/users.service.js';
import type { RealtimePublisher } from '../realtime/publisher.js';
import type { PresenceLeases } from './presence.js';
import * as schemas from './schemas.js';
import type { GatewaySocket } from './socket.js';

/** Conversation actions offered over the socket; they go through routing's claim, like the REST routes. */
export interface ConversationActions {
  resolve(auth: AuthContext, req: ResolveRequest): Promise<ConversationSummary>;
  transfer(auth: AuthContext, req: TransferRequest): Promise<ConversationSummary>;
}

interface SocketCallDeps {
  em: () => EntityManager;
  log: Logger;
  publisher: RealtimePublisher;
  presence: PresenceLeases;
  conversations: ConversationActions;
  users: UsersDeps;
}

function toSocketError(err: unknown): Extract<SocketResult<never>, { ok: false }>['error'] {
  if (err instanceof DomainError) {
    return { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  }
  return { code: 'internal', message: 'Internal error' };
}

/** The same error shape as REST's validation, so a client handles both alike. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const fields = r.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
    const summary = fields.map((f) => `${f.field || '(root)'}: ${f.message}`).join('; ');
    throw validation(`Invalid request: ${summary}`, { fields });
  }
  return r.data;
}

/**
 * Socket calls dispatched to the module services REST uses; each answers its acknowledgement with a
 * SocketResult, whatever happens.
 */
export function handleSocketCalls(socket: GatewaySocket, deps: SocketCallDeps): void {
  const { em, presence, conversations } = deps;
  const auth = () => socket.data.auth;

  function answer<T>(ack: unknown, fn: () => Promise<T>): void {
    if (typeof ack !== 'function') return;
    const reply = ack as (result: SocketResult<T>) => void;
    Promise.resolve()
      .then(fn)
      .then(
        (data) => reply({ ok: true, data }),
        (err) => {
          if (!(err instanceof DomainError)) deps.log.error({ err }, 'gateway: socket call failed');
          reply({ ok: false, error: toSocketError(err) });
        },
      );
  }

  socket.on('presence.pause', (ack) => answer(ack, () => presence.pause(auth().accountId, auth().userId)));
  socket.on('presence.resume', (ack) => answer(ack, () => presence.resume(auth().accountId, auth().userId)));
  socket.on('capacity.set', (req, ack) =>
    answer(ack, () =>
      setCapacityLive(
        { em: em(), publisher: deps.publisher, users: deps.users },
        auth(),
        parse(schemas.capacitySet, req),
      ),
    ),
  );
  socket.on('conversation.resolve', (req, ack) =>
    answer(ack, () => conversations.resolve(auth(), parse(schemas.resolveConversation, req))),
  );
  socket.on('conversation.transfer', (req, ack) =>
    answer(ack, () => conversations.transfer(auth(), parse(schemas.transferConversation, req) as TransferRequest)),
  );
}
