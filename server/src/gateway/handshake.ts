import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { ConnectErrorData } from '@switchboard/client-sdk/contract';
import { resolveSession } from '../modules/auth/session.service.js';
import { hashToken } from '../core/tokens.js';
import { handshakeAuth } from './schemas.js';
import type { GatewayServer } from './socket.js';

/** A refusal the client reads as `connect_error.data.code`. */
function refusal(code: ConnectErrorData['code'], message: string): Error {
  const err = new Error(message) as Error & { data: ConnectErrorData };
  err.data = { code };
  return err;
}

/**
 * Admits a socket only with a full session (the same one as the REST API), and refuses a member who must
 * enroll 2FA first, so sockets reach no more than REST would.
 */
export function authenticateHandshakes(io: GatewayServer, deps: { em: () => EntityManager; log: Logger }): void {
  io.use(async (socket, next) => {
    const parsed = handshakeAuth.pick({ token: true }).safeParse(socket.handshake.auth);
    if (!parsed.success) return next(refusal('unauthenticated', 'Send { token } in the handshake auth'));
    try {
      const auth = await resolveSession(deps.em(), parsed.data.token);
      if (!auth || auth.stage !== 'full') {
        return next(refusal('unauthenticated', 'Session is invalid, expired or revoked'));
      }
      if (auth.enrollmentRequired) {
        return next(refusal('enroll_2fa_first', 'This account requires two-factor authentication: enroll 2FA first'));
      }
      // Checked after the session: a bad cursor is not a bad session (`unauthenticated` would sign the user out).
      const cursor = handshakeAuth.shape.lastEventId.safeParse(
        (socket.handshake.auth as { lastEventId?: unknown }).lastEventId,
      );
      if (!cursor.success)
        return next(refusal('validation_failed', 'lastEventId must be an event id (decimal digits) or null'));
      const { stage: _stage, ...context } = auth;
      socket.data = {
        auth: context,
        tokenHash: hashToken(parsed.data.token),
        lastEventId: cursor.data ?? null,
        ackedId: null,
      };
      next();
    } catch (err) {
      deps.log.error({ err }, 'gateway: handshake failed');
      next(refusal('internal', 'Could not check the session'));
    }
  });
}
