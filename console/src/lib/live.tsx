import { createContext, useContext, useEffect, useEffectEvent, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { AgentClient, type AgentClientEventName, type AgentClientEvents, type Endpoint } from '@switchboard/client-sdk';
import { apiBaseUrl } from './api.js';
import { serverStatus } from './server-status.js';
import { useSession } from './session.js';

interface Live {
  client: AgentClient | null;
  connected: boolean;
}
const Ctx = createContext<Live>({ client: null, connected: false });

/**
 * The AgentClient (socket) of the signed-in user, opened once `GET /me` says the session is full (2FA done);
 * closed on sign-out. Revocation signs out; a role change refetches `GET /me` (menus).
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { token, me, forget } = useSession();
  const qc = useQueryClient();
  const [live, setLive] = useState<Live>({ client: null, connected: false });
  const ready = token !== undefined && me !== undefined && !me.enrollmentRequired;

  useEffect(() => {
    if (!ready || !token) return;
    // The effect owns the socket (StrictMode runs it twice, each time with a socket of its own) and hands it to
    // the context before it connects, so screens can subscribe without missing the first events.
    const client = new AgentClient({ url: apiBaseUrl, token });
    // eslint-disable-next-line react-hooks/set-state-in-effect -- publishing the socket this effect just opened
    setLive({ client, connected: false });
    const offs = [
      client.on('connected', () => {
        setLive({ client, connected: true });
        serverStatus.reportUp();
      }),
      client.on('disconnected', () => {
        setLive({ client, connected: false });
        serverStatus.reportDown();
      }),
      client.on('revoked', () => forget()),
      client.on('rescoped', () => void qc.invalidateQueries({ queryKey: ['GET /me'] })),
    ];
    client.connect().catch(() => serverStatus.reportDown());
    return () => {
      for (const off of offs) off();
      client.close();
      setLive({ client: null, connected: false });
    };
  }, [ready, token, forget, qc]);

  return <Ctx.Provider value={live}>{children}</Ctx.Provider>;
}

/** The socket client, or null before it exists (signed out, 2FA enrollment pending). */
export const useAgentClient = (): AgentClient | null => useContext(Ctx).client;
export const useLiveConnected = (): boolean => useContext(Ctx).connected;

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
