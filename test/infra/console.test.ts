/**
 * The web console's hosting (infra/constructs/console-hosting.ts): a private bucket behind
 * CloudFront with Origin Access Control, the API on the same origin under /api, security headers,
 * the files deployed from the built console, and the user pool client signing in to it.
 */
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SPA_ROUTES, STRIP_API_PREFIX } from '../../infra/constructs/console-functions.ts';
import { CONSOLE_SIGN_IN_PATHS } from '../../infra/stacks/stateless-stack.ts';
import { services } from '../../services/index.ts';
import { logicalId, resourceOf, synthesize } from './synth.ts';

const { stateless, statelessTemplate: template } = synthesize(services);
const hosting = stateless.console;
const distributionId = logicalId(hosting.distribution);
const config = resourceOf(template, hosting.distribution).Properties.DistributionConfig;
const apiBehaviour = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
const originOf = (behaviour: { TargetOriginId: string }) => config.Origins.find((o: { Id: string }) => o.Id === behaviour.TargetOriginId);
const distributionDomain = { 'Fn::GetAtt': [distributionId, 'DomainName'] };

/** Runs a CloudFront Function's source on a viewer request for `uri`, as CloudFront would. */
function viewerRequest(code: string, uri: string): string {
  const handler = new Function(`${code}\nreturn handler;`)() as (event: unknown) => { uri: string };
  return handler({ request: { uri, method: 'GET', querystring: {}, headers: {} } }).uri;
}

/** The source of the function a behaviour runs on viewer requests, as deployed. */
function functionCodeOf(behaviour: { FunctionAssociations: { EventType: string; FunctionARN: { 'Fn::GetAtt': string[] } }[] }) {
  const [association] = behaviour.FunctionAssociations;
  expect(association!.EventType).toBe('viewer-request');
  return template.toJSON().Resources[association!.FunctionARN['Fn::GetAtt'][0]!].Properties.FunctionCode as string;
}

describe('the console bucket', () => {
  it('is private, encrypted and refuses plain HTTP', () => {
    expect(resourceOf(template, hosting.bucket).Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: expect.objectContaining({ LogFilePrefix: 'site/' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(hosting.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('is read by this distribution only, through Origin Access Control', () => {
    const origin = originOf(config.DefaultCacheBehavior);
    expect(origin.OriginAccessControlId).toBeDefined();
    expect(origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(hosting.bucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.objectLike({ 'Fn::Join': Match.anyValue() }) } },
          }),
        ]),
      },
    });
    const policy = Object.values(
      template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: logicalId(hosting.bucket) } } }),
    )[0]!;
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain(`"Ref":"${distributionId}"`);
  });
});

describe('the distribution', () => {
  it('serves the pages over HTTPS (HTTP redirected), cached, read-only, with index.html at the root', () => {
    expect(config).toMatchObject({
      DefaultRootObject: 'index.html',
      Enabled: true,
      Logging: expect.objectContaining({ Prefix: 'cloudfront/' }),
    });
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
    });
  });

  it('answers client routes with index.html and files as they are', () => {
    expect(functionCodeOf(config.DefaultCacheBehavior)).toBe(SPA_ROUTES);
    expect(viewerRequest(SPA_ROUTES, '/')).toBe('/index.html');
    expect(viewerRequest(SPA_ROUTES, '/applications/01J9ZK')).toBe('/index.html');
    expect(viewerRequest(SPA_ROUTES, '/enterprises/0100233488-001/history')).toBe('/index.html');
    expect(viewerRequest(SPA_ROUTES, '/assets/index-3f2a9c.js')).toBe('/assets/index-3f2a9c.js');
    expect(viewerRequest(SPA_ROUTES, '/config.json')).toBe('/config.json');
  });

  it('has no error-page rewriting, which would turn API errors into index.html', () => {
    expect(config.CustomErrorResponses).toBeUndefined();
  });

  it('passes /api/* to the HTTP API: HTTPS only, every method, nothing cached, Authorization forwarded', () => {
    expect(apiBehaviour).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      // Every viewer header, Authorization included, but Host (API Gateway refuses a foreign one).
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
    });
    expect(apiBehaviour.AllowedMethods).toHaveLength(7);
    expect(originOf(apiBehaviour)).toMatchObject({
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
      DomainName: {
        'Fn::Join': ['', [{ Ref: logicalId(stateless.api) }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
      },
    });
  });

  it('strips the /api prefix, so /api/<route> reaches the route the API serves at the root', () => {
    expect(functionCodeOf(apiBehaviour)).toBe(STRIP_API_PREFIX);
    expect(viewerRequest(STRIP_API_PREFIX, '/api/enterprises')).toBe('/enterprises');
    expect(viewerRequest(STRIP_API_PREFIX, '/api/applications/01J9ZK/documents')).toBe('/applications/01J9ZK/documents');
    expect(viewerRequest(STRIP_API_PREFIX, '/api/')).toBe('/');
    expect(viewerRequest(STRIP_API_PREFIX, '/api')).toBe('/');
    // Only the leading segment: a route with "api" further on keeps it.
    expect(viewerRequest(STRIP_API_PREFIX, '/api/reports/api-usage')).toBe('/reports/api-usage');
  });

  it('adds the security headers to pages and API answers alike', () => {
    const policyRef = { Ref: logicalId(hosting.node.findChild('SecurityHeaders')) };
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(policyRef);
    expect(apiBehaviour.ResponseHeadersPolicyId).toEqual(policyRef);
    const headers = template.toJSON().Resources[policyRef.Ref].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers).toMatchObject({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
    });
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "connect-src 'self' https://",
    ]) {
      expect(csp).toContain(directive);
    }
    // The hosted UI's token endpoint, and the documents bucket presigned uploads go to.
    expect(csp).toContain('.amazoncognito.com');
    expect(csp).toContain('DocumentsBucket');
  });
});

describe('the console files', () => {
  const deployment = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0]!.Properties;

  it('are deployed into the console bucket with a config.json, and the cache invalidated', () => {
    expect(deployment).toMatchObject({
      DestinationBucketName: { Ref: logicalId(hosting.bucket) },
      DistributionId: { Ref: distributionId },
      DistributionPaths: ['/*'],
      RetainOnDelete: false,
    });
    expect(deployment.SourceObjectKeys).toHaveLength(2);
    // config.json: deploy-time values filled in by the deployment (user pool, client, hosted UI).
    expect(JSON.stringify(deployment.SourceMarkers)).toContain(logicalId(stateless.userPoolClient));
    expect(JSON.stringify(deployment.SourceMarkers)).toContain(logicalId(stateless.signInDomain));
  });

  it('must be built first: without console/dist synthesis stops and says to run npm run build:console', () => {
    expect(() => synthesize(services, { consoleAssets: '/nonexistent/console/dist' })).toThrow(
      /The web console is not built: \/nonexistent\/console\/dist\/index\.html does not exist\. Run `npm run build:console`/,
    );
  });
});

describe('sign-in to the console', () => {
  const client = resourceOf(template, stateless.userPoolClient).Properties;
  const consoleUrls = (paths: readonly string[]) => paths.map((p) => ({ 'Fn::Join': ['', ['https://', distributionDomain, p]] }));

  it("returns to the console's own address only, after sign-in and after sign-out", () => {
    expect(client.CallbackURLs).toEqual(consoleUrls(CONSOLE_SIGN_IN_PATHS.callback));
    expect(client.LogoutURLs).toEqual(consoleUrls(CONSOLE_SIGN_IN_PATHS.logout));
  });

  it('uses the hosted UI with the authorization code grant and no client secret (a browser keeps none)', () => {
    expect(client).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(client.GenerateSecret).not.toBe(true);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['sme-support-test-', { Ref: 'AWS::AccountId' }]] },
    });
  });

  it('reads agency, roles and commune but cannot write them', () => {
    expect(client.ReadAttributes).toEqual(expect.arrayContaining(['custom:agency', 'custom:roles', 'custom:commune']));
    expect(client.WriteAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual([]);
  });
});

describe('stack outputs', () => {
  it('give the console URL', () => {
    expect(template.toJSON().Outputs.ConsoleUrl.Value).toEqual({ 'Fn::Join': ['', ['https://', distributionDomain, '/']] });
  });
});
