/**
 * The code and its wiring: the HTTP API, one {@link ServiceConstruct} per manifest, and the alarm
 * topic. Holds no data, so it can be destroyed and redeployed freely.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { ServiceManifest } from '../../shared/manifest.ts';
import { ServiceConstruct } from '../constructs/service.ts';
import { pascalCase } from '../names.ts';
import type { StatefulResources } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly services: readonly ServiceManifest[];
  readonly resources: StatefulResources;
  readonly stage: string;
}

/** One JSON object per request, so Logs Insights can query fields. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    sub: '$context.authorizer.claims.sub',
  }),
);

export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly apiUrl: string;
  /** Where every alarm goes. Subscriptions (e-mail, chat) are added by operations, not here. */
  readonly alarmTopic: Topic;
  /** manifest name → its construct */
  readonly services = new Map<string, ServiceConstruct>();

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { resources } = props;

    this.alarmTopic = this.operationsTopic();

    this.api = new HttpApi(this, 'Api', {
      description: `SME support API (${props.stage})`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
      },
    });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS })),
        format: ACCESS_LOG_FORMAT,
      },
    });
    this.apiUrl = stage.url;

    // Cognito access tokens carry `client_id`, not `aud`; API Gateway checks either against the audience.
    const issuer = `https://cognito-idp.${this.region}.amazonaws.com/${resources.userPool.userPoolId}`;
    const authorizer = new HttpJwtAuthorizer('CognitoAuthorizer', issuer, {
      jwtAudience: [resources.userPoolClient.userPoolClientId],
    });

    for (const manifest of props.services) {
      this.services.set(
        manifest.name,
        new ServiceConstruct(this, pascalCase(manifest.name), {
          manifest,
          allManifests: props.services,
          resources,
          api: this.api,
          authorizer,
          alarmTopic: this.alarmTopic,
        }),
      );
    }

    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl });
    new CfnOutput(this, 'UserPoolId', { value: resources.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: resources.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'BucketName', { value: resources.bucket.bucketName });
  }

  /**
   * Encrypted with a key of our own: CloudWatch alarms cannot publish to a topic under the
   * AWS-managed SNS key, because its key policy cannot be extended to CloudWatch.
   */
  private operationsTopic(): Topic {
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the operations alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    return new Topic(this, 'AlarmTopic', { displayName: 'SME support operations alarms', masterKey: key, enforceSSL: true });
  }
}
