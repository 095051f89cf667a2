/**
 * How people acting for enterprises sign in to the console (domain.md §9): the enterprises' user
 * pool (stateful stack) federated with the national identity provider (VNeID organisation
 * accounts) over OIDC, its own hosted UI, and a console app client that signs in through that
 * provider only. The provider's issuer, client, secret and claim names are deployment settings
 * (infra/enterprise-identity.ts). Without them there is no provider, hosted UI or client, and
 * synthesis warns ({@link NO_ENTERPRISE_PROVIDER_WARNING}).
 */
import { Annotations, SecretValue } from 'aws-cdk-lib';
import {
  type CfnUserPoolClient,
  ClientAttributes,
  OAuthScope,
  ProviderAttribute,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
  UserPoolIdentityProviderOidc,
  type IUserPool,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ENTERPRISE_ATTRIBUTES } from '../../shared/auth/enterprise-claims.ts';
import type { EnterpriseIdentitySettings } from '../enterprise-identity.ts';

/** The id of the synthesis warning given when the enterprises' identity provider is not configured. */
export const NO_ENTERPRISE_PROVIDER_WARNING = 'sme-support:enterprises-without-identity-provider';

/** The provider's name in the pool (federated users' names start with it: `VNeID_…`). */
export const ENTERPRISE_PROVIDER_NAME = 'VNeID';

const custom = (name: string) => `custom:${name}`;

export interface EnterpriseSignInProps {
  readonly userPool: IUserPool;
  readonly settings: EnterpriseIdentitySettings | undefined;
  /** The hosted UI's domain prefix: unique in the region across every AWS account. */
  readonly domainPrefix: string;
}

export class EnterpriseSignIn extends Construct {
  readonly provider?: UserPoolIdentityProviderOidc;
  /** The enterprises' hosted UI. */
  readonly domain?: UserPoolDomain;
  /** The console's client ({@link addConsoleClient}). */
  client?: UserPoolClient;
  private readonly props: EnterpriseSignInProps;

  constructor(scope: Construct, id: string, props: EnterpriseSignInProps) {
    super(scope, id);
    this.props = props;
    const { settings, userPool } = props;
    if (!settings) {
      Annotations.of(this).addWarningV2(
        NO_ENTERPRISE_PROVIDER_WARNING,
        'No identity provider for enterprises: their user pool is made, but nobody can sign in to it and the console offers no enterprise sign-in. Deploy with -c enterpriseOidcIssuer=… -c enterpriseOidcClientId=… -c enterpriseOidcClientSecret=<Secrets Manager secret name> -c enterpriseOidcPersonIdHashClaim=… (README, deploying).',
      );
      return;
    }

    this.provider = new UserPoolIdentityProviderOidc(this, 'Provider', {
      userPool,
      name: ENTERPRISE_PROVIDER_NAME,
      issuerUrl: settings.issuerUrl,
      clientId: settings.clientId,
      // A dynamic reference, resolved by CloudFormation at deployment: the secret is never in the template.
      clientSecret: SecretValue.secretsManager(settings.clientSecretName, {
        ...(settings.clientSecretVersion ? { versionId: settings.clientSecretVersion } : {}),
      }).unsafeUnwrap(),
      scopes: [...settings.scopes],
      attributeMapping: {
        // OpenID Connect's standard claims: the account e-mail (used only when the provider says it
        // is verified) and the person's language, for the mails about the enterprise's files.
        email: ProviderAttribute.other('email'),
        emailVerified: ProviderAttribute.other('email_verified'),
        locale: ProviderAttribute.other('locale'),
        fullname: ProviderAttribute.other('name'),
        custom: {
          [custom(ENTERPRISE_ATTRIBUTES.personIdHash)]: ProviderAttribute.other(settings.personIdHashClaim),
          ...(settings.organisationClaim
            ? { [custom(ENTERPRISE_ATTRIBUTES.organisation)]: ProviderAttribute.other(settings.organisationClaim) }
            : {}),
        },
      },
    });
    this.domain = new UserPoolDomain(this, 'Domain', { userPool, cognitoDomain: { domainPrefix: props.domainPrefix } });
  }

  /**
   * The console's app client, once the console's address is known: the authorization code grant
   * with PKCE through the national identity provider only (no Cognito passwords, no SRP), back to
   * the console's address and nowhere else.
   *
   * Cognito rewrites mapped attributes at every federated sign-in through the client, so the client
   * must be allowed to write them. Users themselves cannot: writing one's own attributes
   * (UpdateUserAttributes) needs the `aws.cognito.signin.user.admin` scope, which this client does
   * not allow, and it has no sign-in flow but the hosted UI's.
   */
  addConsoleClient(callbackUrls: string[], logoutUrls: string[]): UserPoolClient | undefined {
    if (!this.provider) return undefined;
    const mapped = new ClientAttributes()
      .withStandardAttributes({ email: true, fullname: true })
      .withCustomAttributes(ENTERPRISE_ATTRIBUTES.personIdHash, ENTERPRISE_ATTRIBUTES.organisation);
    this.client = new UserPoolClient(this, 'ConsoleClient', {
      userPool: this.props.userPool,
      generateSecret: false,
      authFlows: {},
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.custom(this.provider.providerName)],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls,
        logoutUrls,
      },
      readAttributes: mapped,
      writeAttributes: mapped,
    });
    // Left unset, Cognito would also allow SRP and custom auth; CDK leaves it unset for no flows.
    (this.client.node.defaultChild as CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
    this.client.node.addDependency(this.provider);
    return this.client;
  }
}
