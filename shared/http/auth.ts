/**
 * Who is calling. In AWS the API Gateway JWT authorizer has verified the token (Cognito); the
 * local gateway verifies it the same way (local/gateway). Both hand the claims to the handler in
 * `requestContext.authorizer.jwt.claims`; this module turns them into a typed principal and
 * enforces the route's roles.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import type { Role, RouteAuth } from '../manifest.ts';
import { agencyCodeSchema } from '../reference/agency.ts';

export const ROLES = ['admin', 'officer', 'reviewer', 'viewer'] as const satisfies readonly Role[];

export interface Principal {
  sub: string;
  agency: string;
  roles: Role[];
  /** Commune committees (UBND cấp xã) see only their commune's enterprises. */
  commune?: string;
}

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

type EventWithClaims = APIGatewayProxyEventV2 & {
  requestContext: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
};

/** The principal of a JWT-authenticated request, checked against the route's roles. */
export function authorize(event: APIGatewayProxyEventV2, auth: RouteAuth): Principal | undefined {
  if (auth.kind !== 'jwt') return undefined;
  const claims = (event as EventWithClaims).requestContext.authorizer?.jwt?.claims;
  if (!claims) throw new UnauthorizedError('A bearer token is required');
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) {
    throw new UnauthorizedError('The token lacks the claims this API needs', {
      errors: parsed.error.issues.map((i) => ({ path: `claims.${i.path.join('.')}`, message: i.message })),
    });
  }
  const principal: Principal = { ...parsed.data };
  if (!principal.roles.some((r) => auth.roles.includes(r))) {
    throw new ForbiddenError(`This action needs one of the roles: ${auth.roles.join(', ')}`);
  }
  return principal;
}
