import { AdminClient } from '@switchboard/client-sdk';

/** The API lives on the origin that served the console (the server serves it; `vite dev` proxies). */
export const apiBaseUrl: string = (import.meta.env.VITE_API_URL as string | undefined) ?? window.location.origin;

const KEY = 'switchboard.token';

/** The token: sessionStorage by default, localStorage when the user asked to stay signed in. */
export const tokenStore = {
  load(): string | undefined {
    return sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY) ?? undefined;
  },
  save(token: string, remember: boolean): void {
    this.clear();
    (remember ? localStorage : sessionStorage).setItem(KEY, token);
  },
  /** Replaces the token where it is kept (after the 2FA step). */
  replace(token: string): void {
    if (localStorage.getItem(KEY) !== null) localStorage.setItem(KEY, token);
    else sessionStorage.setItem(KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
    localStorage.removeItem(KEY);
  },
};

/** The one AdminClient of the app. Features reach it through `useApi()` (lib/session) or `useApiQuery`/`useApiMutation`. */
export const adminClient = new AdminClient({ baseUrl: apiBaseUrl, token: tokenStore.load() });
