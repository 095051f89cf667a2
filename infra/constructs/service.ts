/**
 * One service, built from its manifest: a function per route, consumer, stream consumer and
 * schedule, the outbox relay when the service publishes through an outbox, and alarms. Each
 * function sees only its own service's tables, bucket prefix and queues; whatever publishes (the
 * relay, or the stream consumers of a service that publishes from its streams) may send only to
 * the queues of consumers that subscribe to what the service publishes.
 */
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import {
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  type HttpApi,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  batchingWindowSeconds,
  envNames,
  handlerPath,
  hasOutbox,
  outboxRoutesFor,
  type ConsumerSpec,
  type InternalFunctionSpec,
  type RouteSpec,
  type ScheduleSpec,
  type ServiceManifest,
  type StreamConsumerSpec,
} from '../../shared/manifest.ts';
import { acknowledgeNag, acknowledgeWildcardResource } from '../nag.ts';
import { pascalCase } from '../names.ts';
import { RELAY_ENTRY } from '../paths.ts';
import { queueKey, type StatefulResources } from '../stacks/stateful-stack.ts';
import { ServiceFunction, type MailBinding } from './service-function.ts';

/** Cron expressions are read as Vietnamese local time unless the schedule says otherwise. */
export const DEFAULT_SCHEDULE_TIME_ZONE = TimeZone.ASIA_HO_CHI_MINH;

/**
 * Where `signature` routes find the HMAC key of the registry webhook: the full ARN of the
 * Secrets Manager secret `registry/webhook-secret-<stage>` (a 64-character string, not JSON).
 *
 * The registry webhook handler (services/registry) reads `REGISTRY_WEBHOOK_SECRET_ARN` and fetches
 * the key with Powertools parameters, `getSecret(process.env.REGISTRY_WEBHOOK_SECRET_ARN)`, cached
 * between invocations; {@link ServiceFunction.bindSecret} grants `secretsmanager:GetSecretValue`
 * on that one secret and nothing else. The name is `envNames.webhookSecretArn`, which the
 * handler imports; the type annotation keeps it from drifting from what is documented here.
 */
export const WEBHOOK_SECRET_ENV: 'REGISTRY_WEBHOOK_SECRET_ARN' = envNames.webhookSecretArn;

/** Where functions whose spec says `personRefKey` find the ARN of the registry's person-ref key. */
export const PERSON_REF_KEY_ENV: 'REGISTRY_PERSON_REF_KEY_ARN' = envNames.personRefKeyArn;

/** What a route, consumer or schedule spec says about its function. */
type FunctionSpec = Pick<RouteSpec, 'timeoutSeconds' | 'memoryMb' | 'grants' | 'personRefKey' | 'bundleFiles' | 'invokes' | 'sendsMail'>;
type Sizing = Pick<FunctionSpec, 'timeoutSeconds' | 'memoryMb' | 'bundleFiles'>;

/** A stream batch failing this often goes to the relay DLQ instead of blocking the shard. */
const RELAY_RETRY_ATTEMPTS = 10;

export interface ServiceConstructProps {
  readonly manifest: ServiceManifest;
  /** Every deployed manifest: the relay's routes depend on who subscribes. */
  readonly allManifests: readonly ServiceManifest[];
  readonly resources: StatefulResources;
  readonly api: HttpApi;
  /** For `jwt` routes only agency staff may call: API Gateway's JWT authorizer on the staff user pool. */
  readonly authorizer: IHttpRouteAuthorizer;
  /** For `jwt` routes whose roles include `enterprise`: accepts tokens of both user pools (shared/auth/authorizer.ts). */
  readonly bothPoolsAuthorizer: IHttpRouteAuthorizer;
  readonly alarmTopic: ITopic;
  /** Set on every function of the service (deployment-wide settings such as the registry owner). */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Where functions that send mail (`sendsMail`) send from. Without it they get no sender and no
   * SES grant, and stop at cold start naming the missing setting (the stateless stack warns).
   */
  readonly mail?: MailBinding | undefined;
}

export class ServiceConstruct extends Construct {
  /** Every function of the service, by construct id. */
  readonly functions = new Map<string, ServiceFunction>();
  /** The service's internal functions ({@link InternalFunctionSpec}), by their manifest name. */
  readonly internalFunctions = new Map<string, ServiceFunction>();
  /** Functions of this service that invoke other services' internal functions, with what they invoke. */
  private readonly invokers: { fn: ServiceFunction; targets: readonly string[] }[] = [];
  private readonly props: ServiceConstructProps;

  constructor(scope: Construct, id: string, props: ServiceConstructProps) {
    super(scope, id);
    this.props = props;

    const m = props.manifest;
    for (const route of m.routes) this.addRoute(route);
    for (const consumer of m.consumers) this.addConsumer(consumer);
    for (const streamConsumer of m.streamConsumers ?? []) this.addStreamConsumer(streamConsumer);
    for (const schedule of m.schedules) this.addSchedule(schedule);
    for (const internal of m.functions ?? []) this.addInternalFunction(internal);
    if (hasOutbox(m)) this.addOutboxRelay();
  }

  /** A function other services invoke (no route, no queue): they get its name and the right to invoke it ({@link wireInvocations}). */
  private addInternalFunction(spec: InternalFunctionSpec): void {
    const fn = this.serviceFunction(
      `Function${pascalCase(spec.name)}`,
      handlerPath(this.props.manifest, spec.handler),
      `function ${spec.name}: ${spec.summary}`,
      spec,
    );
    this.internalFunctions.set(spec.name, fn);
  }

  /**
   * Once every service is built: give each function that declares `invokes` the name of each
   * function it invokes, and `lambda:InvokeFunction` on that function's ARN alone (unqualified, as
   * it is invoked by name; no version or alias wildcard). The functions are in other services'
   * nested stacks: CloudFormation passes the names and ARNs through the parent stack.
   */
  wireInvocations(services: ReadonlyMap<string, ServiceConstruct>): void {
    for (const { fn, targets } of this.invokers) {
      for (const ref of targets) {
        const [service, name] = ref.split('/') as [string, string];
        const target = services.get(service)?.internalFunctions.get(name);
        if (!target) throw new Error(`${this.props.manifest.name} invokes ${ref}, which is not deployed`);
        fn.fn.addEnvironment(envNames.internalFunction(service, name), target.fn.functionName);
        fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [target.fn.functionArn] }));
      }
    }
  }

  private addRoute(route: RouteSpec): void {
    const id = `${pascalCase(route.method.toLowerCase())}${pascalCase(route.path)}`;
    const fn = this.serviceFunction(id, handlerPath(this.props.manifest, route.handler), `${route.method} ${route.path}`, route);
    if (route.auth.kind === 'signature') fn.bindSecret(WEBHOOK_SECRET_ENV, this.props.resources.webhookSecret);
    // A route that sheds load works at most this many requests at once (the stage throttles the rest).
    if (route.shedding) (fn.fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions = route.shedding.concurrency;

    // Built here rather than with `api.addRoutes`, which would put the route and its integration
    // under the API, in the parent stack: here they count against this service's own stack.
    const httpRoute = new HttpRoute(this, `${id}Route`, {
      httpApi: this.props.api,
      routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
      integration: new HttpLambdaIntegration(`${this.node.id}${id}Integration`, fn.fn),
      authorizer: this.authorizerOf(route),
    });
    if (route.auth.kind !== 'jwt') {
      acknowledgeNag(
        httpRoute,
        'APIG4',
        route.auth.kind === 'public'
          ? `${route.method} ${route.path} is public by design (manifest auth "public").`
          : `${route.method} ${route.path} is called by the business registry, which cannot hold a user token; the handler verifies its HMAC signature.`,
      );
    }
  }

  private authorizerOf(route: RouteSpec): IHttpRouteAuthorizer {
    if (route.auth.kind !== 'jwt') return new HttpNoneAuthorizer();
    return route.auth.roles.includes('enterprise') ? this.props.bothPoolsAuthorizer : this.props.authorizer;
  }

  private addConsumer(consumer: ConsumerSpec): void {
    const m = this.props.manifest;
    const key = queueKey(m.name, consumer.name);
    const { queue, dlq } = required(this.props.resources.queues.get(key), `queue ${key}`);
    const id = `Consumer${pascalCase(consumer.name)}`;
    const fn = this.serviceFunction(
      id,
      handlerPath(m, consumer.handler),
      `consumer ${consumer.name} (${consumer.events.join(', ')})`,
      consumer,
    );
    fn.fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: consumer.batchSize,
        // Lambda only accepts batches above 10 with a batching window.
        ...(batchingWindowSeconds(consumer) > 0 ? { maxBatchingWindow: Duration.seconds(batchingWindowSeconds(consumer)) } : {}),
        ...(consumer.maxConcurrency !== undefined ? { maxConcurrency: consumer.maxConcurrency } : {}),
        reportBatchItemFailures: true,
      }),
    );
    this.alarmOnDlq(`${id}DlqAlarm`, dlq, key);
    if (!consumer.deadLetters) return;
    // The DLQ's own consumer settles each message that used up its receives (ConsumerSpec.deadLetters).
    // It empties the DLQ within seconds, which the depth alarm may not see: a second alarm counts
    // the messages it receives (the depth alarm still catches those it fails on).
    const dl = consumer.deadLetters;
    const letters = this.serviceFunction(`${id}DeadLetters`, handlerPath(m, dl.handler), `dead letters of ${consumer.name}`, dl);
    letters.fn.addEventSource(new SqsEventSource(dlq, { batchSize: 1, reportBatchItemFailures: true }));
    this.alarm(
      `${id}DlqReceivedAlarm`,
      dlq.metricNumberOfMessagesReceived({ period: Duration.minutes(5), statistic: 'Sum' }),
      `${key}: messages reached the dead-letter queue (its consumer settles them)`,
    );
  }

  /**
   * A consumer of one of the service's own table streams. Records it keeps failing on go to its
   * DLQ after `retryAttempts`, so one bad record cannot hold up the shard. With `sortKeyPrefix`,
   * Lambda is not even invoked for other items (the local poller drops them the same way).
   */
  private addStreamConsumer(sc: StreamConsumerSpec): void {
    const { manifest: m, resources } = this.props;
    const table = required(resources.tables.get(m.name)?.get(sc.table), `table ${m.name}/${sc.table}`);
    const dlq = required(resources.streamDlqs.get(queueKey(m.name, sc.name)), `stream DLQ of ${m.name}/${sc.name}`);
    const id = `Stream${pascalCase(sc.name)}`;
    const fn = this.serviceFunction(id, handlerPath(m, sc.handler), `stream consumer ${sc.name} (${sc.table})`, sc);
    fn.fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: sc.batchSize,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: sc.retryAttempts,
        onFailure: new SqsDlq(dlq),
        ...(sc.sortKeyPrefix
          ? { filters: [FilterCriteria.filter({ dynamodb: { Keys: { sk: { S: FilterRule.beginsWith(sc.sortKeyPrefix) } } } })] }
          : {}),
      }),
    );
    // The handler itself sends the records it keeps failing on, whole, to the DLQ (the
    // on-failure destination above holds only a pointer into the 24 h stream): it may send there.
    fn.bindQueue(envNames.streamDlqUrl(m.name, sc.name), dlq);
    // The service derives its events from the stream: its stream consumers are what publishes.
    if (m.publishFrom === 'stream') this.bindEventRoutes(fn, envNames.eventRoutes(m.name));
    this.alarmOnDlq(`${id}DlqAlarm`, dlq, `${m.name} stream consumer ${sc.name}`);
  }

  private addSchedule(schedule: ScheduleSpec): void {
    const m = this.props.manifest;
    const id = `Schedule${pascalCase(schedule.name)}`;
    const fn = this.serviceFunction(id, handlerPath(m, schedule.handler), `schedule ${schedule.name} (${schedule.expression})`, schedule);

    // Our own role (the target's default is a stack-wide singleton), trusted by the Scheduler only
    // on behalf of this account's default schedule group: the confused-deputy guard.
    const stack = Stack.of(this);
    const role = new Role(this, `${id}SchedulerRole`, {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
    });
    new Schedule(this, `${id}Schedule`, {
      description: `${m.name}: ${schedule.name}`,
      schedule: ScheduleExpression.expression(
        schedule.expression,
        schedule.timeZone ? TimeZone.of(schedule.timeZone) : DEFAULT_SCHEDULE_TIME_ZONE,
      ),
      target: new LambdaInvoke(fn.fn, { role }),
    });
    acknowledgeWildcardResource(
      role,
      `${fn.fn.functionArn}:*`,
      'The scheduler target grants invoke on this one function, including its versions and aliases (the ":*" qualifier).',
    );
  }

  private addOutboxRelay(): void {
    const { manifest: m, resources } = this.props;
    const outbox = required(resources.outboxTables.get(m.name), `outbox table of ${m.name}`);
    const relayDlq = required(resources.relayDlqs.get(m.name), `relay DLQ of ${m.name}`);

    // The relay is platform code: it reads the stream and sends, and gets none of the tables.
    const relay = this.alarmedFunction('OutboxRelay', RELAY_ENTRY, 'outbox relay', {});
    relay.fn.addEventSource(
      new DynamoEventSource(outbox, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: RELAY_RETRY_ATTEMPTS,
        onFailure: new SqsDlq(relayDlq),
        // TTL deletions of sent records need no relaying: do not even invoke for them.
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT') })],
      }),
    );

    this.bindEventRoutes(relay, envNames.outboxRoutes);
    // Records it keeps failing on go whole to the DLQ from the handler (the pointer the
    // on-failure destination sends is useless after the stream's 24 h).
    relay.bindQueue(envNames.outboxRelayDlqUrl, relayDlq);
    this.alarmOnDlq('OutboxRelayDlqAlarm', relayDlq, `${m.name} outbox relay`);
  }

  /**
   * Give a publishing function the routes of this service's events, JSON `{ [eventType]:
   * queueUrl[] }` in `envName`, and allow it to send to exactly those queues.
   */
  private bindEventRoutes(fn: ServiceFunction, envName: string): void {
    const { manifest: m, allManifests, resources } = this.props;
    const routes: Record<string, string[]> = {};
    const targets = new Map<string, IQueue>();
    for (const [type, subscriptions] of Object.entries(outboxRoutesFor(m, allManifests))) {
      routes[type] = subscriptions.map(({ service, consumer }) => {
        const key = queueKey(service, consumer);
        const { queue } = required(resources.queues.get(key), `queue ${key}`);
        targets.set(key, queue);
        return queue.queueUrl;
      });
    }
    fn.fn.addEnvironment(envName, Stack.of(this).toJsonString(routes));
    for (const queue of targets.values()) fn.bindQueueSend(queue);
  }

  /**
   * A function of this service, with this service's tables and bucket prefix bound, and the
   * unscoped grants its spec declares (each acknowledged for cdk-nag with its own reason).
   */
  private serviceFunction(id: string, entry: string, description: string, fnSpec: FunctionSpec): ServiceFunction {
    const { manifest: m, resources } = this.props;
    const fn = this.alarmedFunction(id, entry, description, fnSpec);
    for (const [name, value] of Object.entries(this.props.environment ?? {})) fn.fn.addEnvironment(name, value);
    for (const grant of fnSpec.grants ?? []) fn.grantUnscoped(grant);
    if (fnSpec.personRefKey) fn.bindSecret(PERSON_REF_KEY_ENV, resources.personRefKey);
    if (fnSpec.sendsMail && this.props.mail) fn.bindMail(this.props.mail);
    if (fnSpec.invokes?.length) this.invokers.push({ fn, targets: fnSpec.invokes });

    const tables = resources.tables.get(m.name);
    for (const spec of m.tables) {
      const table = required(tables?.get(spec.name), `table ${m.name}/${spec.name}`);
      fn.bindTable(
        envNames.table(m.name, spec.name),
        table,
        'readWrite',
        spec.globalIndexes?.map((i) => i.name),
      );
    }
    const outbox = resources.outboxTables.get(m.name);
    if (outbox) fn.bindTable(envNames.outboxTable(m.name), outbox, 'readWrite');
    const idempotency = resources.idempotencyTables.get(m.name);
    if (idempotency) fn.bindTable(envNames.idempotencyTable(m.name), idempotency, 'readWrite');
    if (m.usesBucket) fn.bindBucket(envNames.bucket, resources.bucket, m.name);
    // Queues the service feeds itself (no event subscription: work items, upload notices) are its
    // own resources, like its tables. Queues fed with other services' events are not written here.
    for (const c of m.consumers.filter((c) => c.events.length === 0)) {
      const key = queueKey(m.name, c.name);
      fn.bindQueue(envNames.consumerQueueUrl(m.name, c.name), required(resources.queues.get(key), `queue ${key}`).queue);
    }
    return fn;
  }

  private sharedLogGroup: LogGroup | undefined;

  /** One log group for all of the service's functions (ServiceFunctionProps.logGroup says why). */
  private logGroup(): LogGroup {
    return (this.sharedLogGroup ??= new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH }));
  }

  private alarmedFunction(id: string, entry: string, description: string, sizing: Sizing): ServiceFunction {
    const { timeoutSeconds, memoryMb, bundleFiles } = sizing;
    const fn = new ServiceFunction(this, id, {
      service: this.props.manifest.name,
      entry,
      description,
      timeoutSeconds,
      memoryMb,
      bundleFiles,
      logGroup: this.logGroup(),
    });
    this.functions.set(id, fn);
    this.alarm(
      `${id}ErrorsAlarm`,
      fn.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      `${this.props.manifest.name} ${description}: errors`,
    );
    return fn;
  }

  private alarmOnDlq(id: string, dlq: IQueue, what: string): void {
    this.alarm(
      id,
      dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      `${what}: messages in the dead-letter queue`,
    );
  }

  private alarm(id: string, metric: IMetric, description: string): void {
    new Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    }).addAlarmAction(new SnsAction(this.props.alarmTopic));
  }
}

/** The stateful stack is built from the same manifests; a miss means the two are out of step. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing from the stateful stack`);
  return value;
}
