/**
 * The enterprises' user pool (domain.md §9): people acting for an enterprise sign in through the
 * national identity provider (VNeID organisation accounts) over OIDC. Cognito copies what the
 * provider asserts into custom attributes ({@link ENTERPRISE_ATTRIBUTES}; the claim names are
 * deployment settings, infra/enterprise-identity.ts), and this pool's pre-token-generation trigger
 * puts them into the access token as the claims the API reads — the same claims the local
 * stand-in issuer mints (`npm run token -- --enterprise-user …`): `roles: ['enterprise']`,
 * `personIdHash`, for an organisation account `organisation`, and the account's `email` (when the
 * provider asserts it verified) and `locale`.
 *
 * The users cannot write these attributes: Cognito overwrites them from the provider's token at
 * every sign-in, and writing one's own attributes needs the `aws.cognito.signin.user.admin` scope,
 * which the console's client does not allow (infra/constructs/enterprise-sign-in.ts). The API does not trust the `roles` claim of this pool anyway: its
 * authorizer makes every token of this pool an enterprise user's (shared/auth/authorizer.ts).
 */
import { ENTERPRISE_ROLE, enterpriseClaimsSchema } from '../http/auth.ts';
import type { ClaimsMapping } from './pre-token-generation.ts';

/** The enterprises' pool's custom attributes (without the `custom:` prefix Cognito gives them). */
export const ENTERPRISE_ATTRIBUTES = { personIdHash: 'person_id_hash', organisation: 'organisation' } as const;

export interface EnterpriseAccessTokenClaims {
  roles: [typeof ENTERPRISE_ROLE];
  personIdHash?: string;
  organisation?: string;
  /** The account e-mail, only when the provider asserted it verified (Cognito's `email_verified`). */
  email?: string;
  email_verified?: true;
  locale?: string;
}

const {
  personIdHash: hashSchema,
  organisation: organisationSchema,
  email: emailSchema,
  locale: localeSchema,
} = enterpriseClaimsSchema.shape;

/**
 * An enterprise user's access-token claims. Every user of the pool gets the role `enterprise`; the
 * asserted citizen-id hash (hex, any case: it is lower-cased) and organisation code go in when they
 * are well formed, and are left out — reported in `ignoredRoles`, so the trigger warns — when set
 * but malformed: a mis-named claim setting shows in the logs, and a malformed value never reaches
 * the API, whose link rules would otherwise compare it.
 */
export function enterpriseClaimsFromAttributes(
  userAttributes: Readonly<Record<string, string | undefined>>,
): ClaimsMapping<EnterpriseAccessTokenClaims> {
  const ignored: string[] = [];
  const claims: EnterpriseAccessTokenClaims = { roles: [ENTERPRISE_ROLE] };

  const hashAttribute = `custom:${ENTERPRISE_ATTRIBUTES.personIdHash}`;
  const hash = userAttributes[hashAttribute]?.trim().toLowerCase();
  if (hash) {
    if (hashSchema.safeParse(hash).success) claims.personIdHash = hash;
    else ignored.push(hashAttribute);
  }

  const organisationAttribute = `custom:${ENTERPRISE_ATTRIBUTES.organisation}`;
  const organisation = userAttributes[organisationAttribute]?.trim();
  if (organisation) {
    if (organisationSchema.safeParse(organisation).success) claims.organisation = organisation;
    else ignored.push(organisationAttribute);
  }

  // Access tokens carry no e-mail of their own: the mails about the enterprise's files go to it.
  const email = userAttributes.email?.trim();
  if (email && userAttributes.email_verified === 'true') {
    if (emailSchema.safeParse(email).success) Object.assign(claims, { email, email_verified: true });
    else ignored.push('email');
  }
  const locale = userAttributes.locale?.trim();
  if (locale && localeSchema.safeParse(locale).success) claims.locale = locale;

  return { ok: true, claims, ignoredRoles: ignored };
}
