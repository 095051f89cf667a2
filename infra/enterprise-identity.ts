/**
 * The deployment settings of the enterprises' sign-in (domain.md §9): the national identity
 * provider (VNeID organisation accounts) the enterprises' user pool federates with over OIDC. They
 * are context values, like `mailFrom`:
 *
 * | context | what |
 * | --- | --- |
 * | `enterpriseOidcIssuer` | the provider's issuer URL (https; its `/.well-known/openid-configuration` is read by Cognito) |
 * | `enterpriseOidcClientId` | the client id the provider registered for this system |
 * | `enterpriseOidcClientSecret` | the name or ARN of a Secrets Manager secret holding the client secret (a plain string) |
 * | `enterpriseOidcClientSecretVersion` | optional: the secret's version id, to take a new secret value in (see below) |
 * | `enterpriseOidcPersonIdHashClaim` | the claim with the SHA-256 of the acting person's citizen id |
 * | `enterpriseOidcOrganisationClaim` | optional: the claim with the organisation's code (tax code), for organisation accounts |
 * | `enterpriseOidcScopes` | optional: the scopes asked for, space-separated; default `openid` |
 *
 * The secret itself is never in the template: the provider's client secret is a CloudFormation
 * dynamic reference (`{{resolve:secretsmanager:…}}`) resolved when the provider is created or
 * updated. CloudFormation does not notice a new value in the secret; deploy with its version id
 * (`-c enterpriseOidcClientSecretVersion=…`) to take it in.
 *
 * Without any of them the enterprises' pool is still made (its users are data), but with no
 * provider, no hosted UI and no app client: synthesis warns, the console offers no enterprise
 * sign-in, and the API refuses every token of that pool. Some but not all of the required ones is
 * a mistake and stops synthesis.
 */
import * as z from 'zod';

export interface EnterpriseIdentitySettings {
  readonly issuerUrl: string;
  readonly clientId: string;
  /** Name or ARN of the Secrets Manager secret holding the client secret. */
  readonly clientSecretName: string;
  readonly clientSecretVersion?: string | undefined;
  readonly personIdHashClaim: string;
  readonly organisationClaim?: string | undefined;
  readonly scopes: readonly string[];
}

/** Context key → setting. */
export const ENTERPRISE_IDENTITY_CONTEXT = {
  issuerUrl: 'enterpriseOidcIssuer',
  clientId: 'enterpriseOidcClientId',
  clientSecretName: 'enterpriseOidcClientSecret',
  clientSecretVersion: 'enterpriseOidcClientSecretVersion',
  personIdHashClaim: 'enterpriseOidcPersonIdHashClaim',
  organisationClaim: 'enterpriseOidcOrganisationClaim',
  scopes: 'enterpriseOidcScopes',
} as const satisfies Record<keyof EnterpriseIdentitySettings, string>;

const REQUIRED = ['issuerUrl', 'clientId', 'clientSecretName', 'personIdHashClaim'] as const;

const claimName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/, 'must be a claim name (letters, digits, _ . : -)');

const settingsSchema = z.object({
  issuerUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2048),
  clientId: z.string().min(1).max(256),
  clientSecretName: z
    .string()
    .min(1)
    .max(2048)
    .regex(/^[\w/+=.@:-]+$/, 'must be the name or ARN of a Secrets Manager secret, not the secret itself'),
  clientSecretVersion: z.string().min(32).max(64).optional(),
  personIdHashClaim: claimName,
  organisationClaim: claimName.optional(),
  scopes: z
    .string()
    .max(512)
    .default('openid')
    .transform((s) => s.split(/\s+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[\x21-\x7e]+$/)).refine((s) => s.includes('openid'), 'must include openid')),
});

/**
 * The settings from the app's context (`tryGetContext`), or undefined when none is given.
 * Throws, naming each context key, when some are given but not all the required ones, or one is
 * malformed.
 */
export function enterpriseIdentityFromContext(context: (key: string) => unknown): EnterpriseIdentitySettings | undefined {
  const raw = Object.fromEntries(
    Object.entries(ENTERPRISE_IDENTITY_CONTEXT).flatMap(([setting, key]) => {
      const value = context(key);
      return value === undefined || value === '' ? [] : [[setting, value]];
    }),
  );
  if (Object.keys(raw).length === 0) return undefined;
  const missing = REQUIRED.filter((setting) => !(setting in raw)).map((setting) => ENTERPRISE_IDENTITY_CONTEXT[setting]);
  if (missing.length > 0) {
    throw new Error(
      `The enterprises' identity provider is only partly configured: give also ${missing.map((k) => `-c ${k}=…`).join(', ')}`,
    );
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `context "${ENTERPRISE_IDENTITY_CONTEXT[i.path[0] as keyof EnterpriseIdentitySettings]}" ${i.message}`,
    );
    throw new Error(`The enterprises' identity provider settings are not valid: ${problems.join('; ')}`);
  }
  return parsed.data;
}
