/**
 * Everything that holds data, apart from the code that uses it, so a redeploy of functions can
 * never replace a table, a queue with messages in it, the bucket or the user pool. Every resource
 * that holds data here is retained when removed from the template. The functions here hold none:
 * the user pool's pre-token-generation trigger, and CDK's handler that applies the bucket's
 * notifications, are here because the pool and the bucket name them.
 */
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolOperation,
  type IUserPool,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  HttpMethods,
  ObjectOwnership,
  type IBucket,
  type LifecycleRule,
} from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption, type IQueue, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DEFAULT_TIMEOUT_SECONDS, hasOutbox, type KeySpec, type ServiceManifest, type TableSpec } from '../../shared/manifest.ts';
import { ServiceFunction } from '../constructs/service-function.ts';
import { acknowledgeNag } from '../nag.ts';
import { pascalCase } from '../names.ts';
import { ENTERPRISE_PRE_TOKEN_GENERATION_ENTRY, PRE_TOKEN_GENERATION_ENTRY } from '../paths.ts';
import { ENTERPRISE_ATTRIBUTES } from '../../shared/auth/enterprise-claims.ts';

export interface ConsumerQueues {
  readonly queue: IQueue;
  readonly dlq: IQueue;
}

/** What the stateless side needs from the stateful one; narrower than the stack itself. */
export interface StatefulResources {
  /** service → table name (from its TableSpec) → table */
  readonly tables: ReadonlyMap<string, ReadonlyMap<string, ITable>>;
  /** service → outbox table (only services that publish) */
  readonly outboxTables: ReadonlyMap<string, ITable>;
  /** service → Powertools idempotency table (only services with `idempotentWrites`) */
  readonly idempotencyTables: ReadonlyMap<string, ITable>;
  /** {@link queueKey}`(service, consumer)` → the consumer's queue and its DLQ */
  readonly queues: ReadonlyMap<string, ConsumerQueues>;
  /** service → on-failure destination of its outbox relay */
  readonly relayDlqs: ReadonlyMap<string, IQueue>;
  /** {@link queueKey}`(service, stream consumer)` → on-failure destination of that stream consumer */
  readonly streamDlqs: ReadonlyMap<string, IQueue>;
  readonly bucket: IBucket;
  readonly userPool: IUserPool;
  /** Puts agency, roles and commune into access tokens; alarmed on by the stateless stack. */
  readonly preTokenGeneration: IFunction;
  /** People acting for enterprises, federated with the national identity provider (stateless stack). */
  readonly enterpriseUserPool: IUserPool;
  /** Puts the role enterprise, the person id hash and the organisation into the enterprises' access tokens. */
  readonly enterprisePreTokenGeneration: IFunction;
  readonly webhookSecret: ISecret;
  /** The key the registry makes person refs with; read by the functions whose spec says `personRefKey`. */
  readonly personRefKey: ISecret;
}

/** The key of {@link StatefulResources.queues}. */
export const queueKey = (service: string, consumer: string): string => `${service}/${consumer}`;

export interface StatefulStackProps extends StackProps {
  readonly services: readonly ServiceManifest[];
  readonly stage: string;
}

const DLQ_RETENTION = Duration.days(14);

/** Both user pools' (the enterprises' has no passwords, but an administrator could still make one). */
const PASSWORD_POLICY = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
} as const;

/** The construct id aws-cdk-lib gives the singleton that applies bucket notifications. */
const NOTIFICATIONS_HANDLER_ID = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

/**
 * Retention of generated reports (services/reporting writes them under `reporting/reports/<period>/`):
 * weekly reports two years, the others (monthly, quarterly, annual, open data) ten. Where two rules
 * match a key S3 applies the earlier expiry, so weekly reports take the shorter one. The bucket is
 * versioned: an expired report becomes a non-current version, removed 30 days later.
 */
export const REPORT_RETENTION = [
  {
    id: 'ReportingWeeklyReports',
    prefix: 'reporting/reports/weekly/',
    expiration: Duration.days(730),
    noncurrentVersionExpiration: Duration.days(30),
  },
  { id: 'ReportingReports', prefix: 'reporting/reports/', expiration: Duration.days(3650), noncurrentVersionExpiration: Duration.days(30) },
];

/**
 * Uploads a manifest says are not to be kept (`expireAfterDays`): deleted that many days after they
 * land, and — the bucket being versioned — their older versions and delete markers a day later.
 */
export function uploadExpiry(services: readonly ServiceManifest[]): LifecycleRule[] {
  return services.flatMap((m) =>
    (m.uploadNotifications ?? [])
      .filter((u) => u.expireAfterDays !== undefined)
      .map((u) => ({
        id: `${pascalCase(m.name)}${pascalCase(u.prefix)}Expiry`,
        prefix: `${m.name}/${u.prefix}`,
        expiration: Duration.days(u.expireAfterDays!),
        noncurrentVersionExpiration: Duration.days(1),
      })),
  );
}

export class StatefulStack extends Stack implements StatefulResources {
  readonly tables = new Map<string, Map<string, ITable>>();
  readonly outboxTables = new Map<string, ITable>();
  readonly idempotencyTables = new Map<string, ITable>();
  readonly queues = new Map<string, ConsumerQueues>();
  readonly relayDlqs = new Map<string, IQueue>();
  readonly streamDlqs = new Map<string, IQueue>();
  readonly bucket: Bucket;
  readonly userPool: UserPool;
  /** The trigger with its role and log group; {@link preTokenGeneration} is its function. */
  readonly preTokenGenerationTrigger: ServiceFunction;
  readonly preTokenGeneration: IFunction;
  readonly enterpriseUserPool: UserPool;
  readonly enterprisePreTokenGenerationTrigger: ServiceFunction;
  readonly enterprisePreTokenGeneration: IFunction;
  readonly webhookSecret: Secret;
  readonly personRefKey: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    for (const manifest of props.services) this.addService(manifest);
    this.bucket = this.documentsBucket(uploadExpiry(props.services));
    for (const manifest of props.services) this.notifyUploads(manifest);
    if (props.services.some((m) => m.uploadNotifications?.length)) this.acknowledgeNotificationsHandler();
    this.userPool = this.agencyUsers();
    this.preTokenGenerationTrigger = this.accessTokenClaims(this.userPool);
    this.preTokenGeneration = this.preTokenGenerationTrigger.fn;
    this.enterpriseUserPool = this.enterpriseUsers();
    // The enterprises' pool's trigger (shared/auth/enterprise-claims.ts), here for the same reason.
    this.enterprisePreTokenGenerationTrigger = this.accessTokenClaims(
      this.enterpriseUserPool,
      'EnterprisePreTokenGeneration',
      ENTERPRISE_PRE_TOKEN_GENERATION_ENTRY,
      'Cognito pre-token generation (enterprises): role, person id hash and organisation into access-token claims',
    );
    this.enterprisePreTokenGeneration = this.enterprisePreTokenGenerationTrigger.fn;
    this.webhookSecret = this.registryWebhookSecret(props.stage);
    this.personRefKey = this.registryPersonRefKey(props.stage);
  }

  private addService(m: ServiceManifest): void {
    const prefix = pascalCase(m.name);

    const tables = new Map<string, ITable>();
    for (const spec of m.tables) tables.set(spec.name, this.serviceTable(`${prefix}${pascalCase(spec.name)}Table`, spec));
    this.tables.set(m.name, tables);

    if (hasOutbox(m)) {
      this.outboxTables.set(
        m.name,
        this.serviceTable(`${prefix}OutboxTable`, {
          name: 'outbox',
          partitionKey: { name: 'id', type: 'S' },
          timeToLive: 'expiresAt',
          // The relay sends the stored envelope, so it needs the item as written.
          stream: 'NEW_IMAGE',
        }),
      );
      const relayDlq = this.queue(`${prefix}OutboxRelayDlq`, { retentionPeriod: DLQ_RETENTION });
      acknowledgeNag(
        relayDlq,
        'SQS3',
        "This queue is itself a dead-letter queue: the on-failure destination of the outbox stream's event source mapping.",
      );
      this.relayDlqs.set(m.name, relayDlq);
    }

    if (m.idempotentWrites) {
      // The layout Powertools' DynamoDBPersistenceLayer expects by default.
      this.idempotencyTables.set(
        m.name,
        this.serviceTable(`${prefix}IdempotencyTable`, {
          name: 'idempotency',
          partitionKey: { name: 'id', type: 'S' },
          timeToLive: 'expiration',
        }),
      );
    }

    for (const sc of m.streamConsumers ?? []) {
      const dlq = this.queue(`${prefix}${pascalCase(sc.name)}StreamDlq`, { retentionPeriod: DLQ_RETENTION });
      acknowledgeNag(
        dlq,
        'SQS3',
        `This queue is itself a dead-letter queue: the on-failure destination of the ${m.name} ${sc.name} stream event source mapping.`,
      );
      this.streamDlqs.set(queueKey(m.name, sc.name), dlq);
    }

    for (const c of m.consumers) {
      const id = `${prefix}${pascalCase(c.name)}`;
      // A DLQ with its own consumer (ConsumerSpec.deadLetters) hides a message for six times that
      // function's timeout while it runs, as Lambda advises for an SQS event source.
      const dlq = this.queue(`${id}Dlq`, {
        retentionPeriod: DLQ_RETENTION,
        ...(c.deadLetters ? { visibilityTimeout: Duration.seconds(6 * (c.deadLetters.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS)) } : {}),
      });
      const queue = this.queue(`${id}Queue`, {
        visibilityTimeout: Duration.seconds(c.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: dlq, maxReceiveCount: c.maxReceiveCount },
      });
      this.queues.set(queueKey(m.name, c.name), { queue, dlq });
    }
  }

  private serviceTable(id: string, spec: TableSpec): Table {
    const table = new Table(this, id, {
      partitionKey: attribute(spec.partitionKey),
      ...(spec.sortKey ? { sortKey: attribute(spec.sortKey) } : {}),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(spec.timeToLive ? { timeToLiveAttribute: spec.timeToLive } : {}),
      ...(spec.stream ? { stream: StreamViewType[spec.stream] } : {}),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of spec.globalIndexes ?? []) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
      });
    }
    return table;
  }

  private queue(id: string, props: QueueProps): Queue {
    return new Queue(this, id, {
      ...props,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Files created under `<service>/<prefix>` are announced to the consumer's queue as S3 event
   * notification records. The queue and the bucket are both here, so the notification (and the
   * queue policy letting this bucket send) never crosses stacks.
   */
  private notifyUploads(m: ServiceManifest): void {
    for (const u of m.uploadNotifications ?? []) {
      const key = queueKey(m.name, u.consumer);
      const consumerQueues = this.queues.get(key);
      if (!consumerQueues) throw new Error(`${m.name}: upload notifications under ${u.prefix} name no consumer queue ${key}`);
      this.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(consumerQueues.queue), {
        prefix: `${m.name}/${u.prefix}`,
      });
    }
  }

  /**
   * Bucket notifications are configured by a CDK-provided custom-resource function, one per stack,
   * whose role carries the AWS-managed basic execution policy; it is not ours to rebuild.
   */
  private acknowledgeNotificationsHandler(): void {
    const handler = this.node.tryFindChild(NOTIFICATIONS_HANDLER_ID);
    if (!handler)
      throw new Error(`the bucket notifications handler is no longer ${NOTIFICATIONS_HANDLER_ID}: update its cdk-nag acknowledgement`);
    acknowledgeNag(
      handler,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's own bucket-notifications custom resource: it only writes its logs with the managed basic execution policy, and runs only during deployments.",
    );
  }

  /** One bucket for every service, each confined to its `<service>/` prefix by IAM. */
  private documentsBucket(expiringUploads: LifecycleRule[]): Bucket {
    const accessLogs = new Bucket(this, 'AccessLogsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    return new Bucket(this, 'DocumentsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documents/',
      // Browsers upload and download with presigned URLs, straight from the agency web app.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          allowedOrigins: ['*'],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }, ...REPORT_RETENTION, ...expiringUploads],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Agency staff. Accounts are created by administrators (no self sign-up) and carry their agency,
   * roles and commune as custom attributes, which only administrators may write: the console's app
   * client (stateless stack: its sign-in URLs are the console's address, which that stack makes)
   * can read them but not write them, or a user could grant themselves a role.
   *
   * The API's JWT authorizer and `shared/http/auth.ts` read the claims `agency`, `roles` and
   * `commune` from the access token. Cognito does not put custom attributes in access tokens (and
   * in ID tokens only as `custom:…`), so a pre-token-generation trigger (event version 2, which
   * needs the Essentials or Plus feature plan) copies them into access-token claims of those
   * names: see {@link accessTokenClaims}.
   */
  private agencyUsers(): UserPool {
    const userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      customAttributes: {
        agency: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        roles: new StringAttribute({ minLen: 1, maxLen: 256, mutable: true }),
        commune: new StringAttribute({ minLen: 5, maxLen: 5, mutable: true }),
      },
      passwordPolicy: PASSWORD_POLICY,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection (compromised credentials, adaptive authentication) for accounts
      // that can approve grants, and the v2 pre-token-generation trigger the claims above need.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    return userPool;
  }

  /**
   * The pre-token-generation trigger (shared/auth/pre-token-generation.ts), V2_0 so that it can
   * add claims to the ACCESS token.
   *
   * It lives here, beside the pool, and not with the other functions in the stateless stack: the
   * pool's LambdaConfig names the function, and the function's invoke permission names the pool,
   * so with the function in the stateless stack the stateful stack would import from the stateless
   * one while the stateless one imports the pool from it: a cycle between the two stacks.
   */
  private accessTokenClaims(
    userPool: UserPool,
    id = 'PreTokenGeneration',
    entry = PRE_TOKEN_GENERATION_ENTRY,
    description = 'Cognito pre-token generation: agency, roles and commune into access-token claims',
  ): ServiceFunction {
    const trigger = new ServiceFunction(this, id, {
      service: 'auth',
      entry,
      description,
      // Cognito waits 5 seconds for a trigger, then fails the sign-in.
      timeoutSeconds: 5,
      memoryMb: 256,
    });
    userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, trigger.fn, LambdaVersion.V2_0);
    return trigger;
  }

  /**
   * People acting for enterprises (domain.md §9), a pool of its own: they sign in only through the
   * national identity provider (VNeID organisation accounts, over OIDC; the provider, its hosted UI
   * and the console's app client are in the stateless stack, from infra/enterprise-identity.ts's
   * settings). Cognito creates a user at their first federated sign-in; nobody signs up or signs in
   * with a password here, so there are no passwords to recover and MFA is the provider's.
   *
   * What the provider asserts lands in custom attributes ({@link ENTERPRISE_ATTRIBUTES}): mutable,
   * because Cognito rewrites mapped attributes at every sign-in (through the console's client, which
   * must therefore be allowed to write them), but never by the users themselves: the client allows
   * no `aws.cognito.signin.user.admin` scope (infra/constructs/enterprise-sign-in.ts).
   * Lengths are loose on purpose: a value Cognito refused would block the sign-in, while the
   * trigger leaves a malformed one out of the token and logs it.
   */
  private enterpriseUsers(): UserPool {
    const pool = new UserPool(this, 'EnterpriseUserPool', {
      selfSignUpEnabled: false,
      customAttributes: {
        [ENTERPRISE_ATTRIBUTES.personIdHash]: new StringAttribute({ minLen: 1, maxLen: 256, mutable: true }),
        [ENTERPRISE_ATTRIBUTES.organisation]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      // No user has a password; the policy only stands for an administrator who would create one.
      passwordPolicy: PASSWORD_POLICY,
      mfa: Mfa.OFF,
      accountRecovery: AccountRecovery.NONE,
      // Essentials: the v2 pre-token-generation trigger (claims in access tokens). Threat protection
      // (Plus) judges password sign-ins, which this pool has none of.
      featurePlan: FeaturePlan.ESSENTIALS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(
      pool,
      'COG2',
      'Enterprise users sign in only through the national identity provider (VNeID), which authenticates them with its own second factor; the pool has no passwords to protect with MFA.',
    );
    acknowledgeNag(
      pool,
      'COG8',
      'Plus adds threat protection, which judges password and custom-auth sign-ins (compromised credentials, adaptive authentication); every sign-in to this pool is federated from the national identity provider, so Essentials (the v2 pre-token trigger) suffices.',
    );
    return pool;
  }

  /** The HMAC key the business registry signs its webhook calls with. */
  private registryWebhookSecret(stage: string): Secret {
    const secret = new Secret(this, 'RegistryWebhookSecret', {
      secretName: `registry/webhook-secret-${stage}`,
      description: 'HMAC key for the business registry webhook signature',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(
      secret,
      'SMG4',
      'The key is shared with the business registry, which must install a new key at the same moment; rotation is a coordinated manual procedure, not a Lambda rotation.',
    );
    return secret;
  }

  /**
   * The registry's person-ref key (services/registry/domain/person-ref.ts): stored person ids are
   * HMAC-SHA256 under it, so whoever reads the data without the key cannot enumerate them back to
   * citizen ids. Only the functions that store people may read it.
   */
  private registryPersonRefKey(stage: string): Secret {
    const secret = new Secret(this, 'RegistryPersonRefKey', {
      secretName: `registry/person-ref-key-${stage}`,
      description: 'HMAC key for person refs: pseudonyms of the personal-id hashes the business registry sends',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNag(
      secret,
      'SMG4',
      'A new key gives every person a new ref, so the refs stored and sent to other services would no longer match; ' +
        'rotating it is a re-keying of all stored data, not a Lambda rotation.',
    );
    return secret;
  }
}

const attribute = (key: KeySpec) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});
