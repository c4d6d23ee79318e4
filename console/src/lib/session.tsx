import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, type AdminClient, type MeResponse } from '@switchboard/client-sdk';
import { adminClient, tokenStore } from './api.js';

export interface Session {
  /** A full-session token, or undefined when signed out. */
  token: string | undefined;
  me: MeResponse | undefined;
  meLoading: boolean;
  meError: Error | null;
  /** Keeps a full-session token (after sign-in, or after the 2FA step). */
  signedIn: (token: string, remember: boolean) => void;
  signOut: () => Promise<void>;
  signOutEverywhere: () => Promise<void>;
  /** Drops the session locally (revoked token) without calling the server. */
  forget: () => void;
}

const Ctx = createContext<Session | null>(null);

export const ME_KEY = ['GET /me'] as const;

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [token, setToken] = useState<string | undefined>(() => tokenStore.load());

  const forget = useCallback(() => {
    tokenStore.clear();
    adminClient.token = undefined;
    setToken(undefined);
    qc.clear();
  }, [qc]);

  const meQuery = useQuery<MeResponse, Error>({
    queryKey: [...ME_KEY, token],
    enabled: token !== undefined,
    queryFn: async () => {
      try {
        return await adminClient.me();
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) forget();
        throw err;
      }
    },
  });

  const signedIn = useCallback(
    (t: string, remember: boolean) => {
      tokenStore.save(t, remember);
      adminClient.token = t;
      qc.clear();
      setToken(t);
    },
    [qc],
  );

  const signOut = useCallback(async () => {
    try {
      await adminClient.signOut();
    } finally {
      forget();
    }
  }, [forget]);

  const signOutEverywhere = useCallback(async () => {
    try {
      await adminClient.signOutEverywhere();
    } finally {
      forget();
    }
  }, [forget]);

  const value = useMemo<Session>(
    () => ({
      token,
      me: token ? meQuery.data : undefined,
      meLoading: token !== undefined && meQuery.isPending,
      meError: meQuery.error,
      signedIn,
      signOut,
      signOutEverywhere,
      forget,
    }),
    [token, meQuery.data, meQuery.isPending, meQuery.error, signedIn, signOut, signOutEverywhere, forget],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user's `GET /me`; only inside the shell (signed in), where it is always loaded. */
export function useMe(): MeResponse {
  const me = useSession().me;
  if (!me) throw new Error('useMe before GET /me loaded');
  return me;
}

/** The app's AdminClient (token kept up to date by the session). Prefer `useApiQuery`/`useApiMutation` (lib/query). */
export const useApi = (): AdminClient => adminClient;
