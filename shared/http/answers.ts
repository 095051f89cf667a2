/**
 * Every status a route can answer, for the contract (shared/http/openapi.ts). The error statuses
 * follow from what the route is — how it authenticates, whether the path names an object, whether
 * it takes a body, whether it writes — so a route added tomorrow declares them without anyone
 * remembering to; a route states by hand, in its `responses`, only what derivation cannot know:
 * its success statuses and bodies (201 vs 200 vs 202) and the errors of its own rules (422 when
 * not eligible, 503 while an index loads, …), each with when.
 *
 * Where each derived status comes from (shared/errors.ts, shared/http/*):
 * - 400: the request's params, query or body fail their zod schema, or a write's `Idempotency-Key`
 *   or `If-Match` header is malformed (shared/http/handler.ts, idempotency.ts, versions.ts);
 * - 401: no or bad credentials, on every route that is not public (the JWT authorizer, the
 *   registry's signature check; in AWS the Lambda authorizer of routes enterprise users may call
 *   answers a refused token with API Gateway's 403); 403: a `jwt` route whose roles or policy
 *   refuse the caller;
 * - 404: the path names an object (`{id}`): none, or one the caller may not read (the policy's
 *   404, so that another agency's object does not leak);
 * - 409: a `jwt` write: a stale `If-Match` version or a concurrent change (every write is
 *   conditional), a state that does not allow it, or an `Idempotency-Key` reused with another body
 *   or still in progress;
 * - 413 / 415: a body too large, or not `application/json`;
 * - 429: every route (API Gateway throttles every route; a route that sheds load answers it too);
 * - 500: every route: an unexpected failure, logged, answered without any detail.
 */
import type * as z from 'zod';
import type { RouteSpec } from '../manifest.ts';

export interface Answer {
  description: string;
  /** The body of a success (JSON), or of an error that is not problem+json (e.g. /health's 503). */
  schema?: z.ZodType;
}

/** A write: anything but a read. */
const writes = (route: RouteSpec) => route.method !== 'GET';

/** The error statuses a route answers by what it is, each with when (see the module comment). */
export function derivedErrors(route: RouteSpec): Map<number, string> {
  const out = new Map<number, string>();
  const req = route.request;
  const jwt = route.auth.kind === 'jwt';
  if (req?.body || req?.query || req?.params || writes(route)) out.set(400, 'Invalid input: every bad field listed in `errors`');
  if (route.auth.kind !== 'public') {
    out.set(
      401,
      route.auth.kind === 'signature' ? 'Not signed by the registry (or the signature is stale)' : 'Missing or invalid credentials',
    );
  }
  if (route.auth.kind === 'jwt')
    out.set(403, `Not allowed: needs one of the roles ${route.auth.roles.join(', ')}, and the policy's relation`);
  if (/\{[^}]+\}/.test(route.path)) out.set(404, "No such object, or one you may not read (another agency's is 404)");
  if (jwt && writes(route)) {
    out.set(
      409,
      'Conflict: a stale If-Match version or a concurrent change (reload and retry), a state that does not allow this, ' +
        'or an Idempotency-Key used with another body or still in progress',
    );
  }
  if (req?.body) {
    out.set(413, 'The body is too large');
    out.set(415, 'The body is not application/json');
  }
  out.set(429, 'Throttled, or busy: back off and retry (after Retry-After seconds when given)');
  out.set(500, 'An unexpected error: logged; quote the request id (`instance`) when reporting it');
  return out;
}

/** Everything the route answers, by status: derived errors, then the route's own `responses` (which win). */
export function answersOf(route: RouteSpec): Map<number, Answer> {
  const out = new Map<number, Answer>();
  const own = Object.entries(route.responses ?? {}).flatMap(([s, a]) => (a ? [[Number(s), a] as const] : []));
  if (!own.some(([s]) => s < 400)) out.set(200, { description: 'OK' });
  for (const [status, description] of derivedErrors(route)) out.set(status, { description });
  for (const [status, answer] of own) out.set(status, answer);
  return new Map([...out].sort(([a], [b]) => a - b));
}
