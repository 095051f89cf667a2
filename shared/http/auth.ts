/**
 * Who is calling. In AWS an authorizer has verified the token: API Gateway's JWT authorizer (the
 * agency staff's user pool) on routes only staff may call, which hands the claims to the handler
 * in `requestContext.authorizer.jwt.claims`; on routes enterprise users may call, the Lambda
 * authorizer that accepts both user pools (shared/auth/authorizer.ts), which hands them in
 * `requestContext.authorizer.lambda`. The local gateway verifies tokens of its stand-in issuer
 * like the JWT authorizer (local/gateway). This module turns the claims into a typed principal and
 * enforces the route's roles.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import type { Role, RouteAuth } from '../manifest.ts';
import { agencyCodeSchema } from '../reference/agency.ts';
import { taxCodeSchema } from '../reference/registration.ts';

/** Agency staff roles (an agency account's `roles` claim). */
export const ROLES = ['admin', 'officer', 'reviewer', 'viewer'] as const satisfies readonly Role[];

/** The role of a person acting for an enterprise (enterprises' user pool; domain.md §9). */
export const ENTERPRISE_ROLE = 'enterprise' as const satisfies Role;

export interface Principal {
  sub: string;
  /** The agency of a staff account; empty for an enterprise user, who belongs to no agency. */
  agency: string;
  roles: Role[];
  /** Commune committees (UBND cấp xã) see only their commune's enterprises. */
  commune?: string;
  /**
   * Enterprise users only, as the identity provider asserted them (never typed by the user): the
   * SHA-256 of the acting person's citizen id, which only the registry turns into a person ref,
   * and the organisation's code (tax code) when the provider asserts an organisation account.
   */
  personIdHash?: string;
  organisation?: string;
  /**
   * Enterprise users only: their account e-mail, when the identity provider asserts it verified
   * (`email`, `email_verified`), and their language when its `locale` names one (vi or en).
   */
  email?: string;
  language?: 'vi' | 'en';
}

/** Whether the principal acts for an enterprise (not an agency). */
export const isEnterpriseUser = (p: Pick<Principal, 'roles'>): boolean => p.roles.includes(ENTERPRISE_ROLE);

/**
 * API Gateway flattens array claims to strings like "[officer reviewer]"; Cognito custom
 * attributes arrive as "officer,reviewer". Accept an array or either string form.
 */
const rolesClaim = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
          .filter(Boolean)
      : v,
  z.array(z.enum(ROLES)).min(1, 'at least one role is required'),
);

export const claimsSchema = z.object({
  sub: z.string().min(1),
  agency: agencyCodeSchema,
  roles: rolesClaim,
  commune: z
    .string()
    .regex(/^\d{5}$/, 'must be a 5-digit commune code')
    .optional(),
});

/** A SHA-256 of a citizen id, as the identity provider asserts it: 64 lower-case hex digits. */
export const personIdHashClaim = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (SHA-256 of the citizen id)');

/**
 * An enterprise user's claims: `roles` is exactly `enterprise` (an account is never both staff and
 * an enterprise's), no agency, no commune.
 */
export const enterpriseClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  roles: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .replace(/^\[|\]$/g, '')
            .split(/[\s,]+/)
            .filter(Boolean)
        : v,
    z.tuple([z.literal(ENTERPRISE_ROLE)], { error: 'an enterprise account has the one role enterprise' }),
  ),
  personIdHash: personIdHashClaim.optional(),
  organisation: taxCodeSchema.optional(),
  // OpenID Connect's standard claims; API Gateway hands booleans over as strings.
  email: z.email().max(254).optional(),
  email_verified: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()).optional(),
  locale: z.string().max(35).optional(),
});

/** An enterprise user's principal from their parsed claims: the e-mail only when verified, a language only when vi or en. */
function enterprisePrincipal(c: z.infer<typeof enterpriseClaimsSchema>): Principal {
  const language = c.locale?.toLowerCase().startsWith('en') ? 'en' : c.locale?.toLowerCase().startsWith('vi') ? 'vi' : undefined;
  return {
    sub: c.sub,
    agency: '',
    roles: [ENTERPRISE_ROLE],
    ...(c.personIdHash ? { personIdHash: c.personIdHash } : {}),
    ...(c.organisation ? { organisation: c.organisation } : {}),
    ...(c.email && c.email_verified === true ? { email: c.email } : {}),
    ...(language ? { language } : {}),
  };
}

const namesEnterprise = (claims: Record<string, unknown>): boolean =>
  typeof claims.roles === 'string'
    ? /(^|[\s,[])enterprise($|[\s,\]])/.test(claims.roles)
    : Array.isArray(claims.roles) && claims.roles.includes('enterprise');

type EventWithClaims = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { jwt?: { claims?: Record<string, unknown> }; lambda?: Record<string, unknown> } };
};

/** The principal the claims describe: an agency account or an enterprise user (401 naming each bad claim). */
export function principalOf(claims: Record<string, unknown>): Principal {
  const parsed = namesEnterprise(claims) ? enterpriseClaimsSchema.safeParse(claims) : claimsSchema.safeParse(claims);
  if (!parsed.success) {
    throw new UnauthorizedError('The token lacks the claims this API needs', {
      errors: parsed.error.issues.map((i) => ({ path: `claims.${i.path.join('.')}`, message: i.message })),
    });
  }
  return 'agency' in parsed.data ? { ...parsed.data } : enterprisePrincipal(parsed.data);
}

/** The principal of a JWT-authenticated request, checked against the route's roles. */
export function authorize(event: APIGatewayProxyEventV2, auth: RouteAuth): Principal | undefined {
  if (auth.kind !== 'jwt') return undefined;
  const authorizer = (event as EventWithClaims).requestContext.authorizer;
  const claims = authorizer?.jwt?.claims ?? authorizer?.lambda;
  if (!claims) throw new UnauthorizedError('A bearer token is required');
  const principal = principalOf(claims);
  if (!principal.roles.some((r) => auth.roles.includes(r))) {
    throw new ForbiddenError(`This action needs one of the roles: ${auth.roles.join(', ')}`);
  }
  return principal;
}
