import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@switchboard/client-sdk/contract';
import type { AuthContext } from '../modules/auth/auth.context.js';

interface SocketData {
  auth: AuthContext;
  /** The session is re-checked by its token hash; the token itself is not kept. */
  tokenHash: string;
  lastEventId: string | null;
  /** Highest id the client acknowledged as processed. */
  ackedId: string | null;
  /** Set once the socket is being closed for revocation, so it is not revoked twice. */
  revoked?: boolean;
}

export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Logs a background step's failure unless the gateway is closing (then failures are expected). */
export type FailureLogger = (what: string) => (err: unknown) => void;
