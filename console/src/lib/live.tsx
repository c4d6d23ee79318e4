import {
  createContext,
  useContext,
  useEffect,
  useEffectEvent,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { AgentClient, type AgentClientEventName, type AgentClientEvents, type Endpoint } from '@switchboard/client-sdk';
import { apiBaseUrl } from './api.js';
import { serverStatus } from './server-status.js';
import { useSession } from './session.js';

interface Live {
  client: AgentClient | null;
  connected: boolean;
  /** Whether this client was connected once: a later loss is a reconnect, not the first connect. */
  wasConnected: boolean;
  /** Reconnection attempts since the socket was lost (socket.io's backoff counter). */
  attempts: number;
}
const IDLE: Live = { client: null, connected: false, wasConnected: false, attempts: 0 };
const Ctx = createContext<Live>(IDLE);

/** After this many failed attempts (some twenty seconds of socket.io's backoff) the state reads "offline". */
const OFFLINE_AFTER_ATTEMPTS = 6;

/**
 * The AgentClient (socket) of the signed-in user, opened once `GET /me` says the session is full (2FA done);
 * closed on sign-out. Revocation signs out; a role change refetches `GET /me` (menus).
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { token, me, forget } = useSession();
  const qc = useQueryClient();
  const [live, setLive] = useState<Live>(IDLE);
  const ready = token !== undefined && me !== undefined && !me.enrollmentRequired;

  useEffect(() => {
    if (!ready || !token) return;
    // The effect owns the socket (StrictMode runs it twice, each time with a socket of its own) and hands it to
    // the context before it connects, so screens can subscribe without missing the first events.
    const client = new AgentClient({ url: apiBaseUrl, token });
    // eslint-disable-next-line react-hooks/set-state-in-effect -- publishing the socket this effect just opened
    setLive({ ...IDLE, client });
    const onAttempt = (attempts: number) => setLive((l) => (l.client === client ? { ...l, attempts } : l));
    client.socket.io.on('reconnect_attempt', onAttempt);
    const offs = [
      client.on('connected', () => {
        setLive({ client, connected: true, wasConnected: true, attempts: 0 });
        serverStatus.reportUp();
      }),
      client.on('disconnected', () => {
        setLive((l) => ({ ...l, client, connected: false }));
        serverStatus.reportDown();
      }),
      () => void client.socket.io.off('reconnect_attempt', onAttempt),
      client.on('revoked', () => forget()),
      client.on('rescoped', () => void qc.invalidateQueries({ queryKey: ['GET /me'] })),
    ];
    client.connect().catch(() => serverStatus.reportDown());
    return () => {
      for (const off of offs) off();
      client.close();
      setLive(IDLE);
    };
  }, [ready, token, forget, qc]);

  return <Ctx.Provider value={live}>{children}</Ctx.Provider>;
}

/** The socket client, or null before it exists (signed out, 2FA enrollment pending). */
export const useAgentClient = (): AgentClient | null => useContext(Ctx).client;
export const useLiveConnected = (): boolean => useContext(Ctx).connected;

const subscribeOnline = (l: () => void) => {
  window.addEventListener('online', l);
  window.addEventListener('offline', l);
  return () => {
    window.removeEventListener('online', l);
    window.removeEventListener('offline', l);
  };
};

export type LiveStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/**
 * The socket as a person should read it: connected (and caught up), connecting for the first time,
 * reconnecting after a loss, or offline (the browser says so, or reconnecting keeps failing).
 */
export function useLiveStatus(): LiveStatus {
  const { connected, wasConnected, attempts } = useContext(Ctx);
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine);
  if (connected) return 'connected';
  if (!online || attempts >= OFFLINE_AFTER_ATTEMPTS) return 'offline';
  return wasConnected ? 'reconnecting' : 'connecting';
}

/** Subscribes to a socket event for the component's lifetime. The handler may change between renders. */
export function useLiveEvent<E extends AgentClientEventName>(event: E, handler: AgentClientEvents[E]): void {
  const client = useAgentClient();
  const onEvent = useEffectEvent((...args: unknown[]) => (handler as (...a: unknown[]) => unknown)(...args));
  useEffect(() => {
    if (!client) return;
    return client.on(event, ((...args: unknown[]) => onEvent(...args)) as AgentClientEvents[E]);
  }, [client, event]);
}

/**
 * Socket event → query cache: when any of `events` arrives, the cached answers of `endpoints` are refetched.
 * For finer updates (patching one row) use `useLiveEvent` with `queryClient.setQueryData`.
 */
export function useLiveInvalidate(events: AgentClientEventName[], endpoints: Endpoint[]): void {
  const client = useAgentClient();
  const qc = useQueryClient();
  const key = events.join(',') + '|' + endpoints.join(',');
  useEffect(() => {
    if (!client) return;
    const run = () => {
      for (const e of endpoints) void qc.invalidateQueries({ queryKey: [e] });
    };
    const offs = events.map((ev) => client.on(ev, run as never));
    return () => offs.forEach((o) => o());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- callers pass array literals; `key` is their content
  }, [client, qc, key]);
}
