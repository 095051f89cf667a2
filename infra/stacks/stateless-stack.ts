/**
 * The code and its wiring: the HTTP API with its authorizers, the alarm topic, the web console
 * ({@link ConsoleHosting}) with its user pools' app clients (agency staff's, and enterprises'
 * through the national identity provider: {@link EnterpriseSignIn}), and one nested
 * {@link ServiceStack} per manifest (why nested: see there). Holds no data (the console's access logs bucket aside, which
 * is retained), so it can be destroyed and redeployed freely.
 *
 * The app client is here and not beside the user pool in the stateful stack because its sign-in
 * URLs are the console's address, made here: from the stateful stack it would import from this
 * stack while this one imports the pool from it, a cycle.
 */
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  AuthorizerPayloadVersion,
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  ClientAttributes,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
  type IUserPool,
} from 'aws-cdk-lib/aws-cognito';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { functionSpecsOf, type ServiceManifest } from '../../shared/manifest.ts';
import { AUTHORIZER_ENV } from '../../shared/auth/authorizer.ts';
import { EnterpriseSignIn } from '../constructs/enterprise-sign-in.ts';
import type { EnterpriseIdentitySettings } from '../enterprise-identity.ts';
import { ServiceFunction } from '../constructs/service-function.ts';
import { AUTHORIZER_ENTRY } from '../paths.ts';
import { ConfigurationSet, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import type { MailBinding } from '../constructs/service-function.ts';
import { CONSOLE_API_PATH, ConsoleHosting } from '../constructs/console-hosting.ts';
import type { ServiceConstruct } from '../constructs/service.ts';
import { pascalCase } from '../names.ts';
import { ServiceStack } from './service-stack.ts';
import type { StatefulResources } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly services: readonly ServiceManifest[];
  readonly resources: StatefulResources;
  readonly stage: string;
  /** The built web console (console/dist); see {@link ConsoleHosting}. */
  readonly consoleAssets: string;
  /**
   * The agency whose admins see registry people and run imports (`REGISTRY_OWNER_AGENCY`, read by
   * the shared access policy): set on every function, since the policy is shared code.
   */
  readonly registryOwnerAgency: string;
  /**
   * Subscribed to the alarm topic (`-c alarmEmail=…`). SNS mails a confirmation link first;
   * nothing is delivered until it is clicked. Without one, synthesis warns that alarms reach no one.
   */
  readonly alarmEmail?: string;
  /**
   * The sender of the e-mails to enterprises (`-c mailFrom=no-reply@…`) and the SES identity it is
   * verified under (`-c mailIdentity=…`, default its domain). The identity is verified in SES by
   * operations (DNS records of the domain), not here. Without a sender, synthesis warns and the
   * functions that send mail stop at cold start.
   */
  readonly mail?: { readonly fromAddress: string; readonly identity?: string | undefined } | undefined;
  /**
   * The national identity provider the enterprises' user pool federates with (infra/enterprise-identity.ts).
   * Without it, synthesis warns and nobody can sign in as an enterprise.
   */
  readonly enterpriseIdentity?: EnterpriseIdentitySettings | undefined;
}

/**
 * Paths of the console the hosted UI may send users back to after sign-in and sign-out; the
 * console's router must serve them. Cognito refuses to send anyone to any other address.
 */
export const CONSOLE_SIGN_IN_PATHS = { callback: ['/', '/auth/callback'], logout: ['/', '/signed-out'] } as const;

/** The scopes the console asks for, and its app clients allow (never `aws.cognito.signin.user.admin`). */
const CONSOLE_SCOPES = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE] as const;

/** The console's callback and logout URLs at its address. */
const consoleSignInUrls = (consoleUrl: string): [string[], string[]] => [
  CONSOLE_SIGN_IN_PATHS.callback.map((p) => `${consoleUrl}${p}`),
  CONSOLE_SIGN_IN_PATHS.logout.map((p) => `${consoleUrl}${p}`),
];

/** A user pool's token issuer. */
const issuerOf = (pool: IUserPool, region: string) => `https://cognito-idp.${region}.amazonaws.com/${pool.userPoolId}`;

/** Read by shared/access/policy.ts `registryOwnerAgency()`. */
export const REGISTRY_OWNER_AGENCY_ENV = 'REGISTRY_OWNER_AGENCY';

/** The id of the synthesis warning given when mail-sending functions have no sender. */
const NO_MAIL_SENDER_WARNING = 'sme-support:mail-without-sender';

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
    // Behind the authorizer of routes enterprise users may call (a Lambda authorizer): its context.
    principal: '$context.authorizer.sub',
    pool: '$context.authorizer.pool',
  }),
);

export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly apiUrl: string;
  /** Where every alarm goes: to `alarmEmail` when given; other subscriptions (chat) are added by operations. */
  readonly alarmTopic: Topic;
  /** The console's app client: the audience the API's authorizers accept. */
  readonly userPoolClient: UserPoolClient;
  /** The Cognito hosted UI domain. */
  readonly signInDomain: UserPoolDomain;
  /** The enterprises' sign-in: identity provider, hosted UI and console client, when configured. */
  readonly enterpriseSignIn: EnterpriseSignIn;
  /** Verifies tokens of both user pools, for routes enterprise users may call ({@link bothPoolsAuthorizer}). */
  readonly authorizerFunction: ServiceFunction;
  readonly console: ConsoleHosting;
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

    // The hosted UI the console signs in with. The prefix must be unique in the region across
    // every AWS account, hence the account id in it.
    this.signInDomain = new UserPoolDomain(this, 'SignInDomain', {
      userPool: resources.userPool,
      cognitoDomain: { domainPrefix: `sme-support-${props.stage}-${this.account}` },
    });
    const signInUrl = this.signInDomain.baseUrl();
    this.enterpriseSignIn = new EnterpriseSignIn(this, 'EnterpriseSignIn', {
      userPool: resources.enterpriseUserPool,
      settings: props.enterpriseIdentity,
      domainPrefix: `sme-enterprises-${props.stage}-${this.account}`,
    });
    const enterpriseSignInUrl = this.enterpriseSignIn.domain?.baseUrl();
    const signInUrls = [signInUrl, ...(enterpriseSignInUrl ? [enterpriseSignInUrl] : [])];

    this.console = new ConsoleHosting(this, 'Console', {
      assetsDir: props.consoleAssets,
      api: this.api,
      connectOrigins: [...signInUrls, `https://${resources.bucket.bucketRegionalDomainName}`],
      formOrigins: signInUrls,
    });
    this.userPoolClient = this.consoleClient(resources.userPool, this.console.url);
    const enterpriseClient = this.enterpriseSignIn.addConsoleClient(...consoleSignInUrls(this.console.url));

    // Cognito access tokens carry `client_id`, not `aud`; API Gateway checks either against the audience.
    const issuer = issuerOf(resources.userPool, this.region);
    const authorizer = new HttpJwtAuthorizer('CognitoAuthorizer', issuer, {
      jwtAudience: [this.userPoolClient.userPoolClientId],
    });
    this.authorizerFunction = new ServiceFunction(this, 'Authorizer', {
      service: 'auth',
      entry: AUTHORIZER_ENTRY,
      description: 'API authorizer for routes enterprise users may call: access tokens of the staff and the enterprises user pools',
      timeoutSeconds: 5,
      memoryMb: 256,
    });
    this.authorizerFunction.fn.addEnvironment(AUTHORIZER_ENV.staffIssuer, issuer);
    this.authorizerFunction.fn.addEnvironment(AUTHORIZER_ENV.staffClientIds, this.userPoolClient.userPoolClientId);
    this.authorizerFunction.fn.addEnvironment(AUTHORIZER_ENV.enterpriseIssuer, issuerOf(resources.enterpriseUserPool, this.region));
    this.authorizerFunction.fn.addEnvironment(AUTHORIZER_ENV.enterpriseClientIds, enterpriseClient?.userPoolClientId ?? '');
    const bothPools = this.bothPoolsAuthorizer(this.authorizerFunction);

    const mail = this.mailBinding(props);
    for (const manifest of props.services) {
      const serviceStack = new ServiceStack(this, pascalCase(manifest.name), {
        description: `SME support (${props.stage}): the ${manifest.name} service's functions, routes, schedules and alarms`,
        manifest,
        allManifests: props.services,
        resources,
        api: this.api,
        authorizer,
        bothPoolsAuthorizer: bothPools,
        alarmTopic: this.alarmTopic,
        environment: { [REGISTRY_OWNER_AGENCY_ENV]: props.registryOwnerAgency },
        mail,
      });
      this.serviceStacks.set(manifest.name, serviceStack);
      this.services.set(manifest.name, serviceStack.service);
      // The stage's route settings name routes of the services' stacks, which must exist first.
      stage.node.addDependency(serviceStack);
    }
    // Internal functions (the registry's person refs, …) are invoked across service stacks.
    for (const service of this.services.values()) service.wireInvocations(this.services);

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

    // A trigger that fails blocks every sign-in, with an opaque error on the user's side; a failing
    // authorizer answers 500 on every route enterprise users may call, to staff as well.
    for (const [id, fn, description] of [
      ['PreTokenGenerationErrorsAlarm', resources.preTokenGeneration, 'Cognito pre-token generation: errors (sign-ins fail)'],
      [
        'EnterprisePreTokenGenerationErrorsAlarm',
        resources.enterprisePreTokenGeneration,
        "Cognito pre-token generation, enterprises' pool: errors (enterprise sign-ins fail)",
      ],
      ['AuthorizerErrorsAlarm', this.authorizerFunction.fn, 'API authorizer (both user pools): errors (requests answered 500)'],
    ] as const) {
      new Alarm(this, id, {
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(new SnsAction(this.alarmTopic));
    }

    // `/config.json`, what the console reads at start-up (console/src/config.ts): the API on its own
    // origin, and where to sign in — staff, and enterprises when their provider is configured.
    const enterpriseDomain = this.enterpriseSignIn.domain;
    this.console.deploy({
      apiBaseUrl: CONSOLE_API_PATH,
      auth: {
        kind: 'cognito',
        domain: signInUrl,
        clientId: this.userPoolClient.userPoolClientId,
        scopes: CONSOLE_SCOPES.map((s) => s.scopeName),
        ...(enterpriseClient && enterpriseDomain
          ? { enterprise: { domain: enterpriseDomain.baseUrl(), clientId: enterpriseClient.userPoolClientId } }
          : {}),
      },
    });

    new CfnOutput(this, 'ConsoleUrl', { value: `${this.console.url}/`, description: 'The web console' });
    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl });
    new CfnOutput(this, 'SignInUrl', { value: signInUrl, description: 'The Cognito hosted UI the console signs in with' });
    new CfnOutput(this, 'UserPoolId', { value: resources.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'BucketName', { value: resources.bucket.bucketName });
    new CfnOutput(this, 'EnterpriseUserPoolId', { value: resources.enterpriseUserPool.userPoolId });
    if (enterpriseClient && enterpriseSignInUrl) {
      new CfnOutput(this, 'EnterpriseSignInUrl', {
        value: enterpriseSignInUrl,
        description: "The enterprises' hosted UI (national identity provider); register its /oauth2/idpresponse with the provider",
      });
      new CfnOutput(this, 'EnterpriseUserPoolClientId', { value: enterpriseClient.userPoolClientId });
    }
  }

  /**
   * The authorizer of routes enterprise users may call (shared/auth/authorizer.ts): a Lambda
   * authorizer, because API Gateway's JWT authorizer trusts a single issuer. Simple responses carry
   * the claims to the handler. Answers are cached per token for a minute (so a token may be taken
   * up to a minute past its expiry, and the function runs about once a minute per signed-in user);
   * a refused token gets 403, a request without one 401.
   *
   * Made here, in the parent stack, and handed to the service stacks by id: bound by a route, CDK
   * would make it in the first service stack that used it.
   */
  private bothPoolsAuthorizer(fn: ServiceFunction): IHttpRouteAuthorizer {
    const authorizer = new HttpAuthorizer(this, 'BothPoolsAuthorizer', {
      httpApi: this.api,
      type: HttpAuthorizerType.LAMBDA,
      authorizerName: 'StaffAndEnterprises',
      identitySource: ['$request.header.Authorization'],
      authorizerUri: `arn:${this.partition}:apigateway:${this.region}:lambda:path/2015-03-31/functions/${fn.fn.functionArn}/invocations`,
      payloadFormatVersion: AuthorizerPayloadVersion.VERSION_2_0,
      enableSimpleResponses: true,
      resultsCacheTtl: Duration.minutes(1),
    });
    fn.fn.addPermission('ApiGatewayInvoke', {
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: this.formatArn({
        service: 'execute-api',
        resource: this.api.apiId,
        resourceName: `authorizers/${authorizer.authorizerId}`,
      }),
    });
    return { bind: () => ({ authorizerId: authorizer.authorizerId, authorizationType: 'CUSTOM' }) };
  }

  /**
   * The console's app client. Sign-in through the hosted UI with the authorization code grant and
   * PKCE (a browser app keeps no secret); it returns to the console's address and nowhere else.
   * The client reads agency, roles and commune but may not write them, or a user could grant
   * themselves a role. SRP stays on for scripts that sign in without a browser.
   */
  private consoleClient(userPool: IUserPool, consoleUrl: string): UserPoolClient {
    return new UserPoolClient(this, 'WebClient', {
      userPool,
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [...CONSOLE_SCOPES],
        callbackUrls: consoleSignInUrls(consoleUrl)[0],
        logoutUrls: consoleSignInUrls(consoleUrl)[1],
      },
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('agency', 'roles', 'commune'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }

  /**
   * Encrypted with a key of our own: CloudWatch alarms cannot publish to a topic under the
   * AWS-managed SNS key, because its key policy cannot be extended to CloudWatch.
   */
  /**
   * The configuration set every message goes through (bounces and complaints put the address on
   * the account's suppression list), and where it is sent from; undefined, with a warning, when no
   * sender is set and some function sends mail.
   */
  private mailBinding(props: StatelessStackProps): MailBinding | undefined {
    const sends = props.services.some((m) => functionSpecsOf(m).some((f) => f.sendsMail));
    if (!sends) return undefined;
    if (!props.mail) {
      Annotations.of(this).addWarningV2(
        NO_MAIL_SENDER_WARNING,
        'No sender for the e-mails to enterprises: the notifications consumer will stop at cold start. Deploy with -c mailFrom=no-reply@example.gov.vn (an address of an SES-verified identity).',
      );
      return undefined;
    }
    const { fromAddress } = props.mail;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(fromAddress)) {
      throw new Error(`mailFrom must be an e-mail address such as no-reply@example.gov.vn, got ${JSON.stringify(fromAddress)}`);
    }
    const configurationSet = new ConfigurationSet(this, 'MailConfigurationSet', {
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      sendingEnabled: true,
    });
    return {
      fromAddress,
      identity: props.mail.identity ?? fromAddress.split('@')[1]!,
      configurationSetName: configurationSet.configurationSetName,
    };
  }

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
