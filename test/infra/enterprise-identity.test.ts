import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AUTHORIZER_ENV } from '../../shared/auth/authorizer.ts';
import { services } from '../../services/index.ts';
import { ENTERPRISE_PROVIDER_NAME } from '../../infra/constructs/enterprise-sign-in.ts';
import {
  ENTERPRISE_IDENTITY_CONTEXT,
  enterpriseIdentityFromContext,
  type EnterpriseIdentitySettings,
} from '../../infra/enterprise-identity.ts';
import { manifest as wiring } from '../fixtures/wiring/manifest.ts';
import { importedIds, logicalId, resourceOf, synthesize } from './synth.ts';

const SETTINGS: EnterpriseIdentitySettings = {
  issuerUrl: 'https://sso.dichvucong.gov.vn/oidc',
  clientId: 'sme-support-hanoi',
  clientSecretName: 'enterprises/vneid-client-secret',
  personIdHashClaim: 'citizen_id_sha256',
  organisationClaim: 'org_tax_code',
  scopes: ['openid', 'profile'],
};

// The registry has routes enterprise users may call (its /me routes); the fixture has none.
const manifests = [wiring, ...services.filter((m) => m.name === 'registry')];
const configured = synthesize(manifests, { enterpriseIdentity: SETTINGS });
const unconfigured = synthesize(manifests);

const NO_PROVIDER = Match.stringLikeRegexp('No identity provider for enterprises');
const one = (s: typeof configured, type: string) => {
  const found = Object.entries(s.statelessTemplate.findResources(type));
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const enterpriseClientOf = (s: typeof configured) => s.stateless.enterpriseSignIn.client!;
const configJson = (s: typeof configured) =>
  JSON.stringify(Object.values(s.statelessTemplate.findResources('Custom::CDKBucketDeployment'))[0]!.Properties.SourceMarkers);

describe("the enterprises' user pool", () => {
  const { stateful, statefulTemplate } = configured;
  const pool = resourceOf(statefulTemplate, stateful.enterpriseUserPool);

  it("is a pool of its own beside the staff's, retained, with the asserted identity in custom attributes", () => {
    expect(logicalId(stateful.enterpriseUserPool)).not.toBe(logicalId(stateful.userPool));
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolTier: 'ESSENTIALS',
      Schema: expect.arrayContaining([
        expect.objectContaining({ Name: 'person_id_hash', AttributeDataType: 'String', Mutable: true }),
        expect.objectContaining({ Name: 'organisation', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
    // Never the staff attributes: nothing in this pool can say agency, roles or commune.
    const names = (pool.Properties.Schema as { Name: string }[]).map((a) => a.Name);
    expect(names).not.toEqual(expect.arrayContaining(['agency']));
    expect(names).not.toContain('roles');
    expect(names).not.toContain('commune');
  });

  it('puts the claims into access tokens with its own v2 pre-token-generation trigger', () => {
    expect(pool.Properties.LambdaConfig).toEqual({
      PreTokenGenerationConfig: {
        LambdaArn: { 'Fn::GetAtt': [logicalId(stateful.enterprisePreTokenGeneration), 'Arn'] },
        LambdaVersion: 'V2_0',
      },
    });
    expect(stateful.enterprisePreTokenGeneration).not.toBe(stateful.preTokenGeneration);
  });
});

describe('the national identity provider (OIDC)', () => {
  const [, provider] = one(configured, 'AWS::Cognito::UserPoolIdentityProvider');

  it('is federated with the enterprises pool, from the deployment settings', () => {
    expect(importedIds(provider.Properties.UserPoolId, configured.statefulTemplate)).toEqual(
      new Set([logicalId(configured.stateful.enterpriseUserPool)]),
    );
    expect(provider.Properties).toMatchObject({
      ProviderName: ENTERPRISE_PROVIDER_NAME,
      ProviderType: 'OIDC',
      ProviderDetails: {
        oidc_issuer: SETTINGS.issuerUrl,
        client_id: SETTINGS.clientId,
        authorize_scopes: 'openid profile',
      },
    });
  });

  it('maps the claims named in the settings to the custom attributes, and the e-mail with whether it is verified', () => {
    expect(provider.Properties.AttributeMapping).toEqual({
      email: 'email',
      email_verified: 'email_verified',
      locale: 'locale',
      name: 'name',
      'custom:person_id_hash': SETTINGS.personIdHashClaim,
      'custom:organisation': SETTINGS.organisationClaim,
    });
  });

  it('takes the client secret from Secrets Manager at deployment: never in plain text in the template', () => {
    expect(provider.Properties.ProviderDetails.client_secret).toBe(
      `{{resolve:secretsmanager:${SETTINGS.clientSecretName}:SecretString:::}}`,
    );
  });

  it('takes a new secret value in when deployed with its version id', () => {
    const version = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
    const again = synthesize([wiring], { enterpriseIdentity: { ...SETTINGS, clientSecretVersion: version } });
    const [, p] = one(again, 'AWS::Cognito::UserPoolIdentityProvider');
    expect(p.Properties.ProviderDetails.client_secret).toBe(
      `{{resolve:secretsmanager:${SETTINGS.clientSecretName}:SecretString:::${version}}}`,
    );
  });
});

describe("the console's enterprise app client", () => {
  const client = resourceOf(configured.statelessTemplate, enterpriseClientOf(configured)).Properties;

  it('signs in through the national identity provider only: no Cognito passwords, no SRP', () => {
    // The provider by reference (its name, VNeID), and not COGNITO.
    expect(client.SupportedIdentityProviders).toEqual([{ Ref: logicalId(configured.stateless.enterpriseSignIn.provider!) }]);
    expect(client.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client).toMatchObject({ AllowedOAuthFlows: ['code'], AllowedOAuthFlowsUserPoolClient: true, GenerateSecret: false });
    expect(importedIds(client.UserPoolId, configured.statefulTemplate)).toEqual(
      new Set([logicalId(configured.stateful.enterpriseUserPool)]),
    );
  });

  it('never lets users write their own attributes (no aws.cognito.signin.user.admin scope)', () => {
    expect(client.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
  });

  it("returns to the console's address, like the staff client", () => {
    const staff = resourceOf(configured.statelessTemplate, configured.stateless.userPoolClient).Properties;
    expect(client.CallbackURLs).toEqual(staff.CallbackURLs);
    expect(client.LogoutURLs).toEqual(staff.LogoutURLs);
  });

  it("has a hosted UI of the enterprises' pool", () => {
    const domain = resourceOf(configured.statelessTemplate, configured.stateless.enterpriseSignIn.domain!).Properties;
    expect(importedIds(domain.UserPoolId, configured.statefulTemplate)).toEqual(
      new Set([logicalId(configured.stateful.enterpriseUserPool)]),
    );
    expect(JSON.stringify(domain.Domain)).toContain('sme-enterprises-test-');
  });

  it("is written into the console's config.json beside the staff client", () => {
    const config = configJson(configured);
    expect(config).toContain(logicalId(enterpriseClientOf(configured)));
    expect(config).toContain(logicalId(configured.stateless.userPoolClient));
  });
});

describe('the API authorizer of routes enterprise users may call', () => {
  const { statelessTemplate, statefulTemplate, stateful, stateless } = configured;
  const lambdaAuthorizers = Object.entries(
    statelessTemplate.findResources('AWS::ApiGatewayV2::Authorizer', { Properties: { AuthorizerType: 'REQUEST' } }),
  );
  const [authorizerId, authorizer] = lambdaAuthorizers[0]!;
  const env = resourceOf(statelessTemplate, stateless.authorizerFunction.fn).Properties.Environment.Variables;

  it("is the Lambda authorizer, on every route whose roles include enterprise; other jwt routes keep the staff pool's JWT authorizer", () => {
    expect(lambdaAuthorizers).toHaveLength(1);
    expect(authorizer.Properties).toMatchObject({
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 60,
    });
    const routes = manifests.flatMap((m) => m.routes).filter((r) => r.auth.kind === 'jwt');
    const enterpriseRoutes = routes.filter((r) => r.auth.kind === 'jwt' && r.auth.roles.includes('enterprise'));
    expect(enterpriseRoutes.length).toBeGreaterThan(0);
    for (const r of routes) {
      const [route] = Object.values(
        statelessTemplate.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: `${r.method} ${r.path}` } }),
      );
      const viaBoth = enterpriseRoutes.includes(r);
      expect(route!.Properties.AuthorizationType, r.path).toBe(viaBoth ? 'CUSTOM' : 'JWT');
      if (viaBoth) expect(route!.Properties.AuthorizerId, r.path).toEqual({ Ref: authorizerId });
    }
  });

  it('accepts the access tokens of both pools, each for its console client', () => {
    expect(importedIds(env[AUTHORIZER_ENV.staffIssuer], statefulTemplate)).toEqual(new Set([logicalId(stateful.userPool)]));
    expect(importedIds(env[AUTHORIZER_ENV.enterpriseIssuer], statefulTemplate)).toEqual(new Set([logicalId(stateful.enterpriseUserPool)]));
    expect(JSON.stringify(env[AUTHORIZER_ENV.enterpriseIssuer])).toContain('https://cognito-idp.');
    expect(env[AUTHORIZER_ENV.staffClientIds]).toEqual({ Ref: logicalId(stateless.userPoolClient) });
    expect(env[AUTHORIZER_ENV.enterpriseClientIds]).toEqual({ Ref: logicalId(enterpriseClientOf(configured)) });
  });

  it('may be invoked by this API only, through this authorizer', () => {
    const [permission] = Object.values(
      statelessTemplate.findResources('AWS::Lambda::Permission', {
        Properties: { FunctionName: { 'Fn::GetAtt': [logicalId(stateless.authorizerFunction.fn), 'Arn'] } },
      }),
    );
    expect(permission!.Properties.Principal).toBe('apigateway.amazonaws.com');
    expect(JSON.stringify(permission!.Properties.SourceArn)).toContain(`/authorizers/`);
    expect(JSON.stringify(permission!.Properties.SourceArn)).toContain(authorizerId);
  });

  it('alarms on its errors (a failing authorizer answers 500) and on the enterprises trigger failing', () => {
    const descriptions = Object.values(statelessTemplate.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmDescription);
    expect(descriptions).toEqual(
      expect.arrayContaining([expect.stringMatching(/^API authorizer/), expect.stringMatching(/enterprises' pool/)]),
    );
  });
});

describe('without the provider settings', () => {
  it('still synthesises the pool and warns that nobody can sign in as an enterprise', () => {
    expect(Annotations.fromStack(unconfigured.stateless).findWarning('*', NO_PROVIDER)).toHaveLength(1);
    expect(Annotations.fromStack(configured.stateless).findWarning('*', NO_PROVIDER)).toHaveLength(0);
    expect(resourceOf(unconfigured.statefulTemplate, unconfigured.stateful.enterpriseUserPool).DeletionPolicy).toBe('Retain');
  });

  it('has no provider, no enterprise hosted UI or client, and the authorizer accepts no enterprise token', () => {
    expect(Object.keys(unconfigured.statelessTemplate.findResources('AWS::Cognito::UserPoolIdentityProvider'))).toEqual([]);
    expect(Object.keys(unconfigured.statelessTemplate.findResources('AWS::Cognito::UserPoolClient'))).toEqual([
      logicalId(unconfigured.stateless.userPoolClient),
    ]);
    expect(Object.keys(unconfigured.statelessTemplate.findResources('AWS::Cognito::UserPoolDomain'))).toEqual([
      logicalId(unconfigured.stateless.signInDomain),
    ]);
    const env = resourceOf(unconfigured.statelessTemplate, unconfigured.stateless.authorizerFunction.fn).Properties.Environment.Variables;
    expect(env[AUTHORIZER_ENV.enterpriseClientIds]).toBe('');
    expect(configJson(unconfigured)).not.toContain('enterprise');
  });
});

describe('the settings (context values)', () => {
  const context = (values: Record<string, string>) => (key: string) => values[key];
  const c = ENTERPRISE_IDENTITY_CONTEXT;
  const full = {
    [c.issuerUrl]: SETTINGS.issuerUrl,
    [c.clientId]: SETTINGS.clientId,
    [c.clientSecretName]: SETTINGS.clientSecretName,
    [c.personIdHashClaim]: SETTINGS.personIdHashClaim,
  };

  it('are all optional together', () => {
    expect(enterpriseIdentityFromContext(context({}))).toBeUndefined();
    expect(enterpriseIdentityFromContext(context(full))).toEqual({
      issuerUrl: SETTINGS.issuerUrl,
      clientId: SETTINGS.clientId,
      clientSecretName: SETTINGS.clientSecretName,
      personIdHashClaim: SETTINGS.personIdHashClaim,
      scopes: ['openid'],
    });
  });

  it('stop synthesis when given in part, naming what is missing', () => {
    expect(() => enterpriseIdentityFromContext(context({ [c.issuerUrl]: SETTINGS.issuerUrl }))).toThrow(
      /give also -c enterpriseOidcClientId=…, -c enterpriseOidcClientSecret=…, -c enterpriseOidcPersonIdHashClaim=…/,
    );
  });

  it('refuse an issuer that is not https, and a client secret given in place of its secret name', () => {
    expect(() => enterpriseIdentityFromContext(context({ ...full, [c.issuerUrl]: 'http://sso.example' }))).toThrow(
      /context "enterpriseOidcIssuer" must be an https URL/,
    );
    expect(() => enterpriseIdentityFromContext(context({ ...full, [c.clientSecretName]: 'p@ss word!' }))).toThrow(
      /context "enterpriseOidcClientSecret" must be the name or ARN of a Secrets Manager secret/,
    );
  });

  it('refuse scopes without openid', () => {
    expect(() => enterpriseIdentityFromContext(context({ ...full, [c.scopes]: 'profile' }))).toThrow(/enterpriseOidcScopes/);
  });
});
