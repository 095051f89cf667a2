import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { manifest as wiring } from '../fixtures/wiring/manifest.ts';
import { TEST_MANIFESTS, importedIds, logicalId, synthesize } from './synth.ts';

const { stateful, stateless, statefulTemplate, statelessTemplate } = synthesize();

const routes = TEST_MANIFESTS.flatMap((m) => m.routes.map((r) => ({ service: m.name, route: r, key: `${r.method} ${r.path}` })));
const routeResource = (routeKey: string) => {
  const found = Object.values(statelessTemplate.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }));
  expect(found, routeKey).toHaveLength(1);
  return found[0]!.Properties;
};

describe('the HTTP API', () => {
  it('serves a route for every route of every manifest', () => {
    const keys = Object.values(statelessTemplate.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    expect(keys.sort()).toEqual(routes.map((r) => r.key).sort());
  });

  const authorizerOfType = (type: 'JWT' | 'REQUEST') => {
    const found = Object.entries(
      statelessTemplate.findResources('AWS::ApiGatewayV2::Authorizer', { Properties: { AuthorizerType: type } }),
    );
    expect(found, type).toHaveLength(1);
    return found[0]!;
  };
  const takesEnterprises = (r: (typeof routes)[number]) => r.route.auth.kind === 'jwt' && r.route.auth.roles.includes('enterprise');

  it("puts jwt routes only staff may call behind the staff pool's JWT authorizer", () => {
    const [authorizerId] = authorizerOfType('JWT');
    for (const { key } of routes.filter((r) => r.route.auth.kind === 'jwt' && !takesEnterprises(r))) {
      expect(routeResource(key), key).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
  });

  it('puts routes enterprise users may call behind the Lambda authorizer that accepts both user pools', () => {
    const [authorizerId, authorizer] = authorizerOfType('REQUEST');
    expect(authorizer.Properties.AuthorizerUri).toBeDefined();
    const enterpriseRoutes = routes.filter(takesEnterprises);
    expect(enterpriseRoutes.length).toBeGreaterThan(0);
    for (const { key } of enterpriseRoutes) {
      expect(routeResource(key), key).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
    }
  });

  it('lets public and signature routes through without an authorizer', () => {
    const open = routes.filter((r) => r.route.auth.kind !== 'jwt');
    expect(open.map((r) => r.route.auth.kind)).toEqual(expect.arrayContaining(['public', 'signature']));
    for (const { key } of open) {
      const route = routeResource(key);
      expect(route.AuthorizationType, key).toBe('NONE');
      expect(route.AuthorizerId, key).toBeUndefined();
    }
  });

  it("verifies tokens against the user pool's issuer and the console's app client", () => {
    const [authorizer] = Object.values(
      statelessTemplate.findResources('AWS::ApiGatewayV2::Authorizer', { Properties: { AuthorizerType: 'JWT' } }),
    );
    const { Issuer, Audience } = authorizer!.Properties.JwtConfiguration;
    expect(importedIds(Issuer, statefulTemplate)).toEqual(new Set([logicalId(stateful.userPool)]));
    expect(JSON.stringify(Issuer)).toContain('https://cognito-idp.');
    expect(Audience).toEqual([{ Ref: logicalId(stateless.userPoolClient) }]);
  });

  it('writes a JSON access log line per request', () => {
    const [stage] = Object.values(statelessTemplate.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage!.Properties.StageName).toBe('$default');
    expect(JSON.parse(stage!.Properties.AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId' });
    expect(stage!.Properties.AccessLogSettings.DestinationArn).toBeDefined();
  });
});

describe('schedules', () => {
  it('invoke their function with the manifest expression, in Vietnamese time by default', () => {
    const heartbeat = stateless.services.get(wiring.name)!.functions.get('ScheduleHeartbeat')!;
    statelessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(heartbeat.fn), 'Arn'] } }),
    });
  });

  it('run under a role only the Scheduler of this account can assume', () => {
    const [schedule] = Object.values(statelessTemplate.findResources('AWS::Scheduler::Schedule'));
    const roleId = schedule!.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
    const trust = statelessTemplate.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument.Statement[0];
    expect(trust.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    expect(Object.keys(trust.Condition.StringEquals)).toEqual(['aws:SourceAccount', 'aws:SourceArn']);
  });
});

describe('stack outputs', () => {
  it('give the console and API URLs, the sign-in URL, the user pool and the bucket name', () => {
    const outputs = Object.keys(statelessTemplate.toJSON().Outputs);
    expect(outputs).toEqual(expect.arrayContaining(['ConsoleUrl', 'ApiUrl', 'SignInUrl', 'UserPoolId', 'UserPoolClientId', 'BucketName']));
  });
});
