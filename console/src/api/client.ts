/**
 * The typed API client: openapi-fetch over the paths generated from the served contract
 * (schema.d.ts, by openapi-typescript), so a route or field the contract drops breaks `tsc`.
 * Every call goes through {@link ok}: a non-2xx answer becomes an {@link ApiError} carrying the
 * problem+json, and a 401 ends the session — so does a 403 once the token has expired: in AWS the
 * routes enterprise users may call sit behind a Lambda authorizer, which refuses an expired token
 * with 403 where the JWT authorizer answers 401.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, asProblem } from './problem.ts';
import type { paths } from './schema';

export type Api = ReturnType<typeof createClient<paths>>;

export interface ApiOptions {
  baseUrl: string;
  token: () => string | undefined;
  onUnauthorized: () => void;
  /** Whether the session's token has expired (a 403 then means "sign in again"). */
  expired?: () => boolean;
}

export function createApi(opts: ApiOptions): Api {
  const client = createClient<paths>({ baseUrl: opts.baseUrl || globalThis.location?.origin });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = opts.token();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401 || (response.status === 403 && opts.expired?.())) opts.onUnauthorized();
      return response;
    },
  };
  client.use(auth);
  return client;
}

/** The data of a 2xx answer, or an ApiError with the problem. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T & {}> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(asProblem(response.status, error));
  return data as T & {};
}

/** The ETag of an answer as the version number it carries (`"3"` → 3). */
export function versionOf(response: Response): number | undefined {
  const tag = response.headers.get('etag')?.replace(/^W\//, '').replaceAll('"', '');
  return tag && /^\d+$/.test(tag) ? Number(tag) : undefined;
}
