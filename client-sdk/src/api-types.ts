/**
 * REST request and response types. The server validates with zod schemas; a unit test
 * (test/unit/sdk-contract.test.ts) proves these types equal what those schemas produce, so they cannot drift.
 */

export const ROLES = ['admin', 'operator', 'developer', 'inbox_manager', 'service', 'sale'] as const;
export type Role = (typeof ROLES)[number];
export const MENUS = ['inbox', 'contact', 'chatbot', 'integration', 'developers', 'account_settings', 'users_teams'] as const;
export type Menu = (typeof MENUS)[number];

export interface SignInRequest {
  email: string;
  password: string;
  /** Only needed when the same email belongs to several accounts. */
  accountId?: string;
}
export interface SignInResponse {
  token: string;
  expiresAt: string;
  /** 'mfa': finish with a TOTP or recovery code before the token is a session. */
  stage: 'mfa' | 'full';
  enrollmentRequired: boolean;
}
export interface MeResponse {
  user: {
    id: string; email: string; name: string; role: Role; capacity: number | null;
    isOwner: boolean; totpEnabled: boolean;
    teams: { id: string; name: string }[];
  };
  account: { id: string; name: string; require2fa: boolean };
  menus: Menu[];
  permissions: { visibility: 'all' | 'own'; assignOthers: boolean; overrideCapacity: boolean; manageContactOwners: boolean };
  enrollmentRequired: boolean;
}
export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

/**
 * Every endpoint the SDK knows, as `'METHOD /path'` → body, query, response. `:name` segments are path
 * parameters. Add an entry here when an endpoint lands on the server; `AdminClient.request` types itself from it.
 */
export interface ApiEndpoints {
  'GET /healthz': { response: { status: 'ok' } };
  'GET /readyz': { response: Readiness };
  'POST /auth/sign-in': { body: SignInRequest; response: SignInResponse };
  'POST /auth/sign-out': { response: void };
  'POST /auth/sign-out-everywhere': { response: { revoked: number } };
  'GET /me': { response: MeResponse };
}
export type Endpoint = keyof ApiEndpoints;
