/**
 * The authorisation matrix's harness: callers in every role and placement, API Gateway events
 * carrying their claims, and the shape of a route's scenario. A scenario builds a fresh world of
 * in-memory fakes, names the object the route acts on (with the facts the policy decides by) and
 * calls the route's real handler.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Actor, ResourceFacts, ResourceKind } from '../../../shared/access/policy.ts';
import type { Role, StaffRole } from '../../../shared/manifest.ts';

export const ROLES: readonly StaffRole[] = ['admin', 'officer', 'reviewer', 'viewer'];

/** The agency that owns the scenarios' programme, and the enterprise's commune. */
export const OWNER = 'so-cong-thuong';
export const OTHER = 'so-khcn';
export const COMMUNE = '00004';
export const OTHER_COMMUNE = '00070';
/** The reviewer (of another agency: an outside expert) the scenarios' applications are assigned to. */
export const ASSIGNED_SUB = 'reviewer-assigned';
/** A business association (not the owner of the scenarios' objects): admitted only where a grant says so. */
export const ASSOCIATION = 'hh-dnnvv-hn';

export type Placement = 'own agency' | 'other agency' | 'own commune' | 'other commune' | 'coordinator' | 'assigned' | 'association';
export const PLACEMENTS: readonly Placement[] = [
  'own agency',
  'other agency',
  'own commune',
  'other commune',
  'coordinator',
  'assigned',
  'association',
];

/**
 * Enterprise users (role `enterprise`) placed around the scenario's enterprise: linked to it by a
 * verified link, linked to another enterprise only, with a delegation to it still pending, or with
 * one that was revoked. The registry answers only verified links, so the last two act for nothing.
 */
export type EnterprisePlacement = 'own enterprise' | 'other enterprise' | 'pending delegation' | 'revoked delegation';
export const ENTERPRISE_PLACEMENTS: readonly EnterprisePlacement[] = [
  'own enterprise',
  'other enterprise',
  'pending delegation',
  'revoked delegation',
];
export const ENTERPRISE_SUBS: Record<EnterprisePlacement, string> = {
  'own enterprise': 'ent-own',
  'other enterprise': 'ent-other',
  'pending delegation': 'ent-pending',
  'revoked delegation': 'ent-revoked',
};
/** What the identity provider asserts of the own enterprise's user: the registry fixtures' legal representative. */
export const OWN_PERSON_ID_HASH = 'ab'.repeat(32);

/** The enterprises of a scenario: its own, and another one. */
export interface EnterpriseWorld {
  own: string;
  other: string;
}

const PERSON_ID_HASHES: Record<EnterprisePlacement, string> = {
  'own enterprise': OWN_PERSON_ID_HASH,
  'other enterprise': 'c1'.repeat(32),
  'pending delegation': 'c2'.repeat(32),
  'revoked delegation': 'c3'.repeat(32),
};

export function enterpriseActorFor(placement: EnterprisePlacement, world: EnterpriseWorld | undefined): Actor & { personIdHash: string } {
  const sub = ENTERPRISE_SUBS[placement];
  const enterprises = !world ? [] : placement === 'own enterprise' ? [world.own] : placement === 'other enterprise' ? [world.other] : [];
  return {
    sub,
    agency: '',
    roles: ['enterprise'],
    enterprises,
    personIdHash: PERSON_ID_HASHES[placement],
  };
}

export function actorFor(role: Role, placement: Placement): Actor {
  const sub = `${role}-${placement.replace(' ', '-')}`;
  switch (placement) {
    case 'own agency':
      return { sub, agency: OWNER, roles: [role] };
    case 'other agency':
      return { sub, agency: OTHER, roles: [role] };
    case 'own commune':
      return { sub, agency: 'ubnd-xa', roles: [role], commune: COMMUNE };
    case 'other commune':
      return { sub, agency: 'ubnd-xa', roles: [role], commune: OTHER_COMMUNE };
    case 'coordinator':
      return { sub, agency: 'so-tai-chinh', roles: [role] };
    case 'assigned':
      return { sub: ASSIGNED_SUB, agency: OTHER, roles: [role] };
    case 'association':
      return { sub, agency: ASSOCIATION, roles: [role] };
  }
}

export interface Request {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface Prepared {
  handler: Handler;
  request: Request;
  /** What the policy decides by: the facts of the object the route acts on. */
  facts: ResourceFacts;
}

export interface Scenario {
  prepare: () => Promise<Prepared>;
  /**
   * How a refusal shows: `object` (404 to whoever may not read `readKind`, else 403), `objectless`
   * (403: the route creates, nothing to hide) or `list` (200 without the object; `inList` finds it).
   */
  refusal: 'object' | 'objectless' | 'list';
  /** The kind whose read decides between 404 and 403 (default: the route's own kind). */
  readKind?: ResourceKind;
  inList?: (body: unknown) => boolean;
  /** Fields of the answer (or of each listed item) that the policy shows only to some, and the kind guarding each. */
  fields?: Record<string, ResourceKind>;
  /**
   * Written by hand, not read from the policy: the roles allowed from each placement. When given,
   * the matrix also checks the policy table against it, so a wrong grant cannot pass by agreeing
   * with itself.
   */
  allowed?: Record<Placement, readonly Role[]>;
  /** The scenario's enterprises, for the enterprise placements (absent: the route serves no enterprise user). */
  enterprise?: EnterpriseWorld;
}

/**
 * Written by hand: what each enterprise placement gets on a route open to enterprise users — `ok`
 * (2xx; in a listing, the object listed), `absent` (a listing without the object) or the refusal's
 * status. A route not in the table refuses the enterprise role at the gateway (403) everywhere.
 */
export type EnterpriseOutcome = 'ok' | 'absent' | 403 | 404;
export type EnterpriseExpectations = Record<string, Record<EnterprisePlacement, EnterpriseOutcome>>;

export function httpEvent(routeKey: string, actor: Actor & { personIdHash?: string }, req: Request): APIGatewayProxyEventV2 {
  const claims = {
    sub: actor.sub,
    ...(actor.agency ? { agency: actor.agency } : {}),
    roles: `[${actor.roles.join(' ')}]`,
    ...(actor.commune ? { commune: actor.commune } : {}),
    ...(actor.personIdHash ? { personIdHash: actor.personIdHash } : {}),
  };
  const [method, path] = routeKey.split(' ') as [string, string];
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...req.headers },
    queryStringParameters: req.query ?? {},
    pathParameters: req.params ?? {},
    ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'req-matrix',
      routeKey,
      stage: '$default',
      time: '30/Nov/2026:00:00:00 +0000',
      timeEpoch: 1_796_000_000_000,
      authorizer: { jwt: { claims, scopes: [] } },
    },
  } as APIGatewayProxyEventV2;
}

export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'matrix',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:matrix',
  memoryLimitInMB: '512',
  awsRequestId: 'aws-req-matrix',
  logGroupName: '/aws/lambda/matrix',
  logStreamName: '2026/11/30/[$LATEST]matrix',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/**
 * A case whose expected answer is written by hand, not asked of the policy (decide()): the
 * policy's own table could be wrong, and a matrix computed from it would agree with the mistake.
 */
export interface HandCase {
  /** The route key, e.g. `GET /applications/{id}/score`. */
  route: string;
  /** Who calls, in words. */
  who: string;
  actor: Actor;
  prepare: () => Promise<{ handler: Handler; request: Request }>;
  /** The status the caller must get. */
  status: number;
  /** What the answer must (not) show: the mismatch in words, or undefined. */
  check?: (body: Record<string, unknown>) => string | undefined;
}
