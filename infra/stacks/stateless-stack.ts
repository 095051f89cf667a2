/**
 * The code and its wiring: the HTTP API with its authorizer, the alarm topic, and one nested
 * {@link ServiceStack} per manifest (why nested: see there). Holds no data, so it can be destroyed
 * and redeployed freely.
 */
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, CorsHttpMethod, HttpApi, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { ServiceManifest } from '../../shared/manifest.ts';
import type { ServiceConstruct } from '../constructs/service.ts';
import { pascalCase } from '../names.ts';
import { ServiceStack } from './service-stack.ts';
import type { StatefulResources } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly services: readonly ServiceManifest[];
  readonly resources: StatefulResources;
  readonly stage: string;
  /**
   * Subscribed to the alarm topic (`-c alarmEmail=…`). SNS mails a confirmation link first;
   * nothing is delivered until it is clicked. Without one, synthesis warns that alarms reach no one.
   */
  readonly alarmEmail?: string;
}

/** The id of the synthesis warning given when the alarm topic has no subscriber. */
const NO_ALARM_SUBSCRIBER_WARNING = 'sme-support:alarm-topic-without-subscriber';

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
  /** Where every alarm goes: to `alarmEmail` when given; other subscriptions (chat) are added by operations. */
  readonly alarmTopic: Topic;
  /** manifest name → its construct */
  readonly services = new Map<string, ServiceConstruct>();
  /** manifest name → the nested stack that holds its construct */
  readonly serviceStacks = new Map<string, ServiceStack>();

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { resources } = props;

    this.alarmTopic = this.operationsTopic(props.alarmEmail);

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
      const serviceStack = new ServiceStack(this, pascalCase(manifest.name), {
        description: `SME support (${props.stage}): the ${manifest.name} service's functions, routes, schedules and alarms`,
        manifest,
        allManifests: props.services,
        resources,
        api: this.api,
        authorizer,
        alarmTopic: this.alarmTopic,
      });
      this.serviceStacks.set(manifest.name, serviceStack);
      this.services.set(manifest.name, serviceStack.service);
      // The stage's route settings name routes of the services' stacks, which must exist first.
      stage.node.addDependency(serviceStack);
    }

    // Routes that shed load (RouteSpec.shedding) get their own throttle, so API Gateway answers 429
    // for what the function's reserved concurrency could not take, instead of Lambda throttling.
    const routeSettings = Object.fromEntries(
      props.services.flatMap((m) =>
        m.routes.flatMap((r) => {
          if (!r.shedding) return [];
          return [[`${r.method} ${r.path}`, { ThrottlingBurstLimit: r.shedding.concurrency, ThrottlingRateLimit: r.shedding.rateLimit }]];
        }),
      ),
    );
    if (Object.keys(routeSettings).length > 0) (stage.node.defaultChild as CfnStage).routeSettings = routeSettings;

    // A trigger that fails blocks every sign-in, with an opaque error on the user's side.
    new Alarm(this, 'PreTokenGenerationErrorsAlarm', {
      metric: resources.preTokenGeneration.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: 'Cognito pre-token generation: errors (sign-ins fail)',
    }).addAlarmAction(new SnsAction(this.alarmTopic));

    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl });
    new CfnOutput(this, 'UserPoolId', { value: resources.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: resources.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'BucketName', { value: resources.bucket.bucketName });
  }

  /**
   * Encrypted with a key of our own: CloudWatch alarms cannot publish to a topic under the
   * AWS-managed SNS key, because its key policy cannot be extended to CloudWatch.
   */
  private operationsTopic(alarmEmail: string | undefined): Topic {
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the operations alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new Topic(this, 'AlarmTopic', { displayName: 'SME support operations alarms', masterKey: key, enforceSSL: true });

    if (alarmEmail !== undefined) {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
        throw new Error(`alarmEmail must be an e-mail address such as ops@example.gov.vn, got ${JSON.stringify(alarmEmail)}`);
      }
      topic.addSubscription(new EmailSubscription(alarmEmail));
    } else {
      Annotations.of(topic).addWarningV2(
        NO_ALARM_SUBSCRIBER_WARNING,
        'No one is subscribed to the alarm topic: alarms (errors, dead letters) will reach no one. Deploy with -c alarmEmail=ops@example.gov.vn, or subscribe to the topic by other means.',
      );
    }
    return topic;
  }
}
