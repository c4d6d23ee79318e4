import {
  QueryCache,
  MutationCache,
  QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryKey,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { Endpoint, RequestInput, ResponseOf } from '@switchboard/client-sdk';
import { ApiError } from '@switchboard/client-sdk';
import { adminClient } from './api.js';
import { isNetworkError } from './errors.js';
import { serverStatus } from './server-status.js';

const onError = (err: unknown) => {
  if (isNetworkError(err)) serverStatus.reportDown();
};

/** The one query client. Server state changes arrive over the socket (see lib/live.tsx): no polling. */
export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2,
    },
    mutations: { retry: false },
  },
});

/** The query key of an endpoint call: `[endpoint, input]`. Invalidate `[endpoint]` to refetch every call of it. */
export const apiKey = <E extends Endpoint>(endpoint: E, input?: RequestInput<E>): QueryKey =>
  input === undefined ? [endpoint] : [endpoint, input];

/** A typed GET through the SDK: `useApiQuery('GET /users', { query: { q } })`. */
export function useApiQuery<E extends Endpoint>(
  endpoint: E,
  input?: RequestInput<E>,
  options?: Omit<UseQueryOptions<ResponseOf<E>, Error>, 'queryKey' | 'queryFn'>,
) {
  return useQuery<ResponseOf<E>, Error>({
    queryKey: apiKey(endpoint, input),
    queryFn: () => (adminClient.request as (e: E, i?: RequestInput<E>) => Promise<ResponseOf<E>>)(endpoint, input),
    ...options,
  });
}

/**
 * A typed write through the SDK. `invalidate` lists endpoints (e.g. 'GET /users') whose cached answers are refetched
 * after success. Use `mutation.isPending` to disable the submit button: a double click then submits once.
 */
export function useApiMutation<E extends Endpoint>(
  endpoint: E,
  opts?: { invalidate?: Endpoint[]; onSuccess?: (r: ResponseOf<E>) => void },
) {
  const qc = useQueryClient();
  return useMutation<ResponseOf<E>, Error, RequestInput<E>>({
    mutationFn: (input) =>
      (adminClient.request as (e: E, i?: RequestInput<E>) => Promise<ResponseOf<E>>)(endpoint, input),
    onSuccess: async (r) => {
      opts?.onSuccess?.(r);
      await Promise.all((opts?.invalidate ?? []).map((e) => qc.invalidateQueries({ queryKey: [e] })));
    },
  });
}

type CursorEndpoint = {
  [E in Endpoint]: RequestInput<E> extends { query?: { cursor?: string } }
    ? ResponseOf<E> extends { nextCursor: string | null }
      ? E
      : never
    : never;
}[Endpoint];

/**
 * A cursor-paginated GET ("Load more"): each page asks for `cursor` = the previous page's `nextCursor`. Cached under
 * `[endpoint, input]` like `useApiQuery`, so invalidating `[endpoint]` refetches it too.
 */
export function useApiCursorQuery<E extends CursorEndpoint>(endpoint: E, input: RequestInput<E>) {
  const base = input as { query?: Record<string, unknown> };
  return useInfiniteQuery<ResponseOf<E>, Error, InfiniteData<ResponseOf<E>, string | null>, QueryKey, string | null>({
    queryKey: apiKey(endpoint, input),
    initialPageParam: null,
    queryFn: ({ pageParam }) =>
      (adminClient.request as (e: E, i?: unknown) => Promise<ResponseOf<E>>)(endpoint, {
        ...base,
        query: { ...base.query, ...(pageParam ? { cursor: pageParam } : {}) },
      }),
    getNextPageParam: (last) => (last as { nextCursor: string | null }).nextCursor,
  });
}
