/**
 * The Cognito pre-token-generation trigger (event version V2_0): copies a user's agency, roles and
 * commune from their custom attributes into claims of the ACCESS token, which is the token the
 * API's JWT authorizer checks and `shared/http/auth.ts` reads. Cognito never puts custom attributes
 * in access tokens on its own (and in ID tokens only as `custom:…`).
 *
 * The trigger never throws: an exception here blocks the sign-in with an opaque Cognito error.
 * A user whose attributes are missing or invalid signs in with a token that carries none of these
 * claims, and the API answers 401 "The token lacks the claims this API needs", naming them.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import type { Role } from '../manifest.ts';
import { ROLES, claimsSchema } from '../http/auth.ts';

/** The claims the API reads, as this trigger adds them to the access token. */
export interface AccessTokenClaims {
  agency: string;
  roles: Role[];
  /** Only for commune committees (UBND cấp xã), who see only their commune's enterprises. */
  commune?: string;
}

export type ClaimsMapping<C extends object = AccessTokenClaims> =
  | {
      ok: true;
      claims: C /** what was left out: entries of `custom:roles` that are not roles, or attributes that are not valid claims */;
      ignoredRoles: string[];
    }
  | { ok: false; reason: string };

/** Turns a user's attributes into access-token claims (each user pool has its own). */
export type AttributeMapping = (userAttributes: Readonly<Record<string, string | undefined>>) => ClaimsMapping<object>;

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/**
 * Map a user's attributes to access-token claims, or say why the user gets none.
 *
 * - `custom:agency` must be an agency code the API accepts (`so-cong-thuong`).
 * - `custom:roles` is comma-separated (`officer, reviewer`); entries are trimmed, unknown ones
 *   dropped, and at least one known role must remain.
 * - `custom:commune`, when set, must be a 5-digit commune code. A set but invalid commune yields
 *   no claims at all rather than a token without `commune`: dropping it would widen a commune
 *   committee's view to the whole city.
 *
 * Agency and commune are checked with the API's own claim schema, so the trigger never issues a
 * token the API would refuse.
 */
export function claimsFromAttributes(userAttributes: Readonly<Record<string, string | undefined>>): ClaimsMapping {
  const agency = userAttributes['custom:agency']?.trim();
  if (!agency) return { ok: false, reason: 'custom:agency is not set' };
  if (!claimsSchema.shape.agency.safeParse(agency).success) {
    return { ok: false, reason: 'custom:agency is not an agency code (lower-case letters, digits and dashes)' };
  }

  const entries = (userAttributes['custom:roles'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const roles = [...new Set(entries.filter(isRole))];
  const ignoredRoles = entries.filter((entry) => !isRole(entry));
  if (roles.length === 0) {
    return { ok: false, reason: `custom:roles names none of the roles ${ROLES.join(', ')}` };
  }

  const commune = userAttributes['custom:commune']?.trim();
  if (commune && !claimsSchema.shape.commune.safeParse(commune).success) {
    return { ok: false, reason: 'custom:commune is set but is not a 5-digit commune code' };
  }

  return { ok: true, claims: { agency, roles, ...(commune ? { commune } : {}) }, ignoredRoles };
}

/**
 * `@types/aws-lambda` types claim values as strings only, but V2_0 responses accept string arrays
 * (`roles`); and Cognito sends `claimsAndScopeOverrideDetails` as null when no one has set it.
 */
type ClaimValue = string | string[];
export type PreTokenGenerationEvent = Omit<PreTokenGenerationV2TriggerEvent, 'response'> & {
  response: {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration?: unknown;
      accessTokenGeneration?: { claimsToAddOrOverride?: Record<string, ClaimValue>; [key: string]: unknown };
      groupOverrideDetails?: unknown;
    } | null;
  };
};

export interface PreTokenGenerationDeps {
  /** Where a user without claims is reported: an administrator must fix their attributes. */
  warn(message: string, details: Record<string, unknown>): void;
}

/**
 * The trigger: adds the mapping's claims to the access token, or nothing. The agency staff's pool
 * maps with {@link claimsFromAttributes}; the enterprises' pool with its own
 * (shared/auth/enterprise-claims.ts).
 */
export function makePreTokenGenerationHandler(deps: PreTokenGenerationDeps, mapAttributes: AttributeMapping = claimsFromAttributes) {
  return async (event: PreTokenGenerationEvent): Promise<PreTokenGenerationEvent> => {
    try {
      const mapping = mapAttributes(event.request?.userAttributes ?? {});
      if (!mapping.ok) {
        deps.warn('User signs in without API claims: their tokens will be refused with 401', {
          userName: event.userName,
          reason: mapping.reason,
        });
        return event;
      }
      if (mapping.ignoredRoles.length > 0) {
        deps.warn('Some attributes are not valid claims; they are left out of the token', {
          userName: event.userName,
          ignored: mapping.ignoredRoles,
        });
      }
      const details = event.response?.claimsAndScopeOverrideDetails ?? {};
      event.response = {
        claimsAndScopeOverrideDetails: {
          ...details,
          accessTokenGeneration: {
            ...details.accessTokenGeneration,
            claimsToAddOrOverride: {
              ...details.accessTokenGeneration?.claimsToAddOrOverride,
              ...(mapping.claims as Record<string, ClaimValue>),
            },
          },
        },
      };
      return event;
    } catch (error) {
      // Unreachable on well-formed events; a sign-in without claims still beats a blocked one.
      deps.warn('Pre-token generation failed; the token carries no API claims', {
        userName: event?.userName,
        error: error instanceof Error ? error.name : 'error',
      });
      return event;
    }
  };
}
