/**
 * The API's authorizer for the routes enterprise users may call (in AWS; infra/stacks/stateless-stack.ts).
 * API Gateway's JWT authorizer trusts one issuer, and those routes must take tokens of two user
 * pools: agency staff's and enterprises' (domain.md §9). This Lambda authorizer verifies an access
 * token against whichever of the two issued it — signature (the pool's JWKS), issuer, expiry,
 * `token_use` and the pool's app client — and hands the handler the claims `shared/http/auth.ts`
 * reads, in `requestContext.authorizer.lambda`.
 *
 * Which pool issued the token decides what kind of principal it is, never its claims:
 * - an enterprises' pool token becomes an enterprise user (`roles: 'enterprise'`, its `sub`,
 *   `personIdHash` and `organisation`); whatever else it carries (an `agency`, staff roles, a
 *   commune) is dropped, so it can never act as staff;
 * - a staff pool token passes its `agency`, `roles` and `commune` on as the JWT authorizer would,
 *   and is refused if its roles name `enterprise` (a staff account is never an enterprise's).
 * Claims that are missing or malformed are passed on as they are, for the handler to answer 401
 * naming each one (as behind the JWT authorizer); only the kind is settled here.
 *
 * Routes only staff may call keep API Gateway's JWT authorizer on the staff pool, so an
 * enterprise token is refused there before any function runs.
 */
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { decodeJwt, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import * as z from 'zod';
import { ENTERPRISE_ROLE } from '../http/auth.ts';
import { clock } from '../time/clock.ts';

export type PoolKind = 'staff' | 'enterprise';

/** A user pool whose access tokens the API accepts, and the app clients they may be issued to. */
export interface TrustedPool {
  readonly kind: PoolKind;
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>` */
  readonly issuer: string;
  readonly clientIds: readonly string[];
}

/** What the handler finds in `requestContext.authorizer.lambda`: claims as strings, like the JWT authorizer's. */
export type AuthorizerContext = Record<string, string>;

export type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<AuthorizerContext>;

/** The authorizer function's settings (set by the stateless stack). */
export const AUTHORIZER_ENV = {
  staffIssuer: 'STAFF_ISSUER',
  staffClientIds: 'STAFF_CLIENT_IDS',
  enterpriseIssuer: 'ENTERPRISE_ISSUER',
  enterpriseClientIds: 'ENTERPRISE_CLIENT_IDS',
} as const;

const issuerSchema = z
  .string()
  .max(200)
  .regex(/^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[\w-]+$/, 'must be a Cognito user pool issuer');
const clientIdsSchema = z
  .string()
  .max(1000)
  .transform((s) => s.split(',').filter(Boolean));

/** The pools the env names; the enterprises' pool has no client ids when its provider is not configured. */
export function trustedPoolsFromEnv(env: Readonly<Record<string, string | undefined>>): TrustedPool[] {
  const e = AUTHORIZER_ENV;
  const parsed = z
    .object({
      [e.staffIssuer]: issuerSchema,
      [e.staffClientIds]: clientIdsSchema.pipe(z.array(z.string().min(1)).min(1, 'at least one app client')),
      [e.enterpriseIssuer]: issuerSchema,
      [e.enterpriseClientIds]: clientIdsSchema.optional(),
    })
    .parse(env);
  return [
    { kind: 'staff', issuer: parsed[e.staffIssuer], clientIds: parsed[e.staffClientIds] },
    { kind: 'enterprise', issuer: parsed[e.enterpriseIssuer], clientIds: parsed[e.enterpriseClientIds] ?? [] },
  ];
}

/** Claim values as the handler reads them: strings, arrays joined with commas (as `custom:roles`). */
function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  return undefined;
}

/** `email_verified` as API Gateway hands a context value over: a string. */
const verified = (payload: JWTPayload): { email_verified?: string } => (payload.email_verified === true ? { email_verified: 'true' } : {});

const namesEnterprise = (roles: string | undefined): boolean => (roles ?? '').split(/[\s,[\]]+/).includes(ENTERPRISE_ROLE);

/**
 * The context for a verified token of a pool of this kind, or why the token is refused. Only the
 * claims of that kind are copied: an enterprise user's never carry an agency, roles of staff or a
 * commune, and a staff member's never a person id hash or an organisation.
 */
export function contextOf(kind: PoolKind, payload: JWTPayload): { ok: true; context: AuthorizerContext } | { ok: false; reason: string } {
  const sub = asString(payload.sub);
  if (!sub) return { ok: false, reason: 'the token has no sub' };
  const pick = (...names: string[]) =>
    Object.fromEntries(names.flatMap((name) => (asString(payload[name]) === undefined ? [] : [[name, asString(payload[name])!]])));
  if (kind === 'enterprise') {
    return {
      ok: true,
      context: {
        sub,
        roles: ENTERPRISE_ROLE,
        ...pick('personIdHash', 'organisation', 'email', 'locale'),
        ...verified(payload),
        pool: kind,
      },
    };
  }
  const staff = pick('agency', 'roles', 'commune');
  if (namesEnterprise(staff.roles)) return { ok: false, reason: 'a staff pool token names the enterprise role' };
  return { ok: true, context: { sub, ...staff, pool: kind } };
}

export interface AuthorizerDeps {
  readonly pools: readonly TrustedPool[];
  /** The signing keys of a pool's issuer (in AWS its JWKS, fetched and cached by jose). */
  keysOf(issuer: string): JWTVerifyGetKey;
  /** Why a token was refused (never the token itself). */
  warn(message: string, details: Record<string, unknown>): void;
}

const DENY: AuthorizerResult = { isAuthorized: false, context: {} };

/** The authorizer: allows a request whose bearer token one of the pools issued, with its claims as context. */
export function makeAuthorizer(deps: AuthorizerDeps) {
  return async (event: Pick<APIGatewayRequestAuthorizerEventV2, 'headers' | 'routeKey'>): Promise<AuthorizerResult> => {
    const refuse = (reason: string, details: Record<string, unknown> = {}) => {
      deps.warn('Token refused', { reason, routeKey: event.routeKey, ...details });
      return DENY;
    };
    const header = event.headers?.authorization ?? event.headers?.Authorization ?? '';
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(header.trim())?.[1];
    if (!token) return refuse('no bearer token');

    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      return refuse('not a JWT');
    }
    // Exact match only: the pool is chosen by an issuer that the signature then has to confirm.
    const pool = deps.pools.find((p) => p.issuer === issuer);
    if (!pool) return refuse('issued by no trusted user pool', { issuer: typeof issuer === 'string' ? issuer.slice(0, 200) : undefined });

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, deps.keysOf(pool.issuer), {
        issuer: pool.issuer,
        algorithms: ['RS256'],
        currentDate: clock.now(),
      }));
    } catch (error) {
      return refuse('verification failed', { pool: pool.kind, error: error instanceof Error ? error.name : 'error' });
    }
    if (payload.token_use !== 'access') return refuse('not an access token', { pool: pool.kind });
    if (typeof payload.client_id !== 'string' || !pool.clientIds.includes(payload.client_id)) {
      return refuse('issued to another app client', { pool: pool.kind });
    }
    const result = contextOf(pool.kind, payload);
    if (!result.ok) return refuse(result.reason, { pool: pool.kind });
    return { isAuthorized: true, context: result.context };
  };
}
