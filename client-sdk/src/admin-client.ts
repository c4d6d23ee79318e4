import { ApiError, ERROR_CODES, type ErrorCode } from './contract/errors.js';
import type {
  ApiEndpoints,
  Endpoint,
  MeResponse,
  SignInRequest,
  SignInResponse,
  TwoFactorProof,
  VerifySignInResponse,
} from './contract/api-types.js';

type PathOf<E extends string> = E extends `${string} ${infer P}` ? P : never;
type ParamNames<P extends string> = P extends `${string}:${infer N}/${infer Rest}`
  ? N | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer N}`
    ? N
    : never;

/** What a call to endpoint E needs: path params when its path has any, a body when it takes one, an optional query. */
export type RequestInput<E extends Endpoint> = ([ParamNames<PathOf<E>>] extends [never]
  ? unknown
  : { params: Record<ParamNames<PathOf<E>>, string> }) &
  (ApiEndpoints[E] extends { body: infer B } ? { body: B } : unknown) &
  (ApiEndpoints[E] extends { query: infer Q } ? { query?: Q } : unknown);
export type ResponseOf<E extends Endpoint> = ApiEndpoints[E]['response'];
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends T` asks whether every field of T is optional
type InputArgs<E extends Endpoint> = {} extends RequestInput<E> ? [input?: RequestInput<E>] : [input: RequestInput<E>];

export interface AdminClientOptions {
  baseUrl: string;
  /** A session token; `signIn` sets it. */
  token?: string;
  /**
   * An account API key (Developers menu), sent as `x-api-key`. Only the inbound webhook
   * (`POST /v1/inbound/messages`) authenticates with it; session endpoints ignore it.
   */
  apiKey?: string;
  /** Defaults to the global fetch (Node 18+, browsers). */
  fetch?: typeof fetch;
}

const isErrorCode = (c: unknown): c is ErrorCode =>
  typeof c === 'string' && (ERROR_CODES as readonly string[]).includes(c);

/**
 * Typed REST client. Every endpoint is reached the same way, `request('PUT /users/:id/capacity', { params, body })`,
 * typed from `ApiEndpoints`. Named methods exist only where the client keeps state (the session token) or for
 * `me()`; `raw` reaches an endpoint newer than this SDK. Any non-2xx answer throws `ApiError` with the API's
 * error code.
 */
export class AdminClient {
  token: string | undefined;
  apiKey: string | undefined;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: AdminClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.token = opts.token;
    this.apiKey = opts.apiKey;
    this.fetchImpl = opts.fetch ?? globalThis.fetch.bind(globalThis);
  }

  async request<E extends Endpoint>(endpoint: E, ...[input]: InputArgs<E>): Promise<ResponseOf<E>> {
    const space = endpoint.indexOf(' ');
    const method = endpoint.slice(0, space);
    const i = (input ?? {}) as { params?: Record<string, string>; body?: unknown; query?: Record<string, unknown> };
    let path = endpoint.slice(space + 1).replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
      const v = i.params?.[name];
      if (v === undefined) throw new TypeError(`Missing path parameter ${name} for ${endpoint}`);
      return encodeURIComponent(v);
    });
    if (i.query) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(i.query))
        if (v !== undefined && v !== null) q.set(k, typeof v === 'string' ? v : JSON.stringify(v));
      const s = q.toString();
      if (s) path += `?${s}`;
    }
    return this.raw<ResponseOf<E>>(method, path, i.body);
  }

  /** An untyped call, for endpoints newer than this SDK. */
  async raw<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetchImpl(`${this.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(this.apiKey ? { 'x-api-key': this.apiKey } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const e = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
      throw new ApiError(
        res.status,
        isErrorCode(e?.code) ? e.code : 'internal',
        typeof e?.message === 'string' ? e.message : `HTTP ${res.status}`,
        e?.details,
      );
    }
    return json as T;
  }

  /**
   * Signs in and keeps the token for the next calls. When `stage` is 'mfa' the token only works for
   * `verifySignIn`: finish with a code before anything else.
   */
  async signIn(body: SignInRequest): Promise<SignInResponse> {
    const r = await this.request('POST /auth/sign-in', { body });
    this.token = r.token;
    return r;
  }
  /** Second sign-in step: trades the mfa-stage token kept by `signIn` for a full session, and keeps that. */
  async verifySignIn(proof: TwoFactorProof): Promise<VerifySignInResponse> {
    const r = await this.request('POST /auth/2fa/verify', { body: proof });
    this.token = r.token;
    return r;
  }
  async signOut(): Promise<void> {
    await this.request('POST /auth/sign-out');
    this.token = undefined;
  }
  signOutEverywhere(): Promise<{ revoked: number }> {
    return this.request('POST /auth/sign-out-everywhere');
  }
  me(): Promise<MeResponse> {
    return this.request('GET /me');
  }
}
