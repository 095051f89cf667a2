/**
 * Everything that holds data, apart from the code that uses it, so a redeploy of functions can
 * never replace a table, a queue with messages in it, the bucket or the user pool. Every resource
 * here is retained when removed from the template.
 */
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  type IUserPool,
  type IUserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption, type IQueue, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { hasOutbox, type KeySpec, type ServiceManifest, type TableSpec } from '../../shared/manifest.ts';
import { acknowledgeNag } from '../nag.ts';
import { pascalCase } from '../names.ts';

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
  readonly bucket: IBucket;
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly webhookSecret: ISecret;
}

/** The key of {@link StatefulResources.queues}. */
export const queueKey = (service: string, consumer: string): string => `${service}/${consumer}`;

export interface StatefulStackProps extends StackProps {
  readonly services: readonly ServiceManifest[];
  readonly stage: string;
}

const DLQ_RETENTION = Duration.days(14);

export class StatefulStack extends Stack implements StatefulResources {
  readonly tables = new Map<string, Map<string, ITable>>();
  readonly outboxTables = new Map<string, ITable>();
  readonly idempotencyTables = new Map<string, ITable>();
  readonly queues = new Map<string, ConsumerQueues>();
  readonly relayDlqs = new Map<string, IQueue>();
  readonly bucket: Bucket;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly webhookSecret: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    for (const manifest of props.services) this.addService(manifest);
    this.bucket = this.documentsBucket();
    [this.userPool, this.userPoolClient] = this.agencyUsers();
    this.webhookSecret = this.registryWebhookSecret(props.stage);
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
          stream: StreamViewType.NEW_IMAGE,
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

    for (const c of m.consumers) {
      const id = `${prefix}${pascalCase(c.name)}`;
      const dlq = this.queue(`${id}Dlq`, { retentionPeriod: DLQ_RETENTION });
      const queue = this.queue(`${id}Queue`, {
        visibilityTimeout: Duration.seconds(c.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: dlq, maxReceiveCount: c.maxReceiveCount },
      });
      this.queues.set(queueKey(m.name, c.name), { queue, dlq });
    }
  }

  private serviceTable(id: string, spec: TableSpec & { stream?: StreamViewType }): Table {
    const table = new Table(this, id, {
      partitionKey: attribute(spec.partitionKey),
      ...(spec.sortKey ? { sortKey: attribute(spec.sortKey) } : {}),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(spec.timeToLive ? { timeToLiveAttribute: spec.timeToLive } : {}),
      ...(spec.stream ? { stream: spec.stream } : {}),
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

  /** One bucket for every service, each confined to its `<service>/` prefix by IAM. */
  private documentsBucket(): Bucket {
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
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Agency staff. Accounts are created by administrators (no self sign-up) and carry their agency,
   * roles and commune as custom attributes, which only administrators may write: the app client
   * can read them but not write them, or a user could grant themselves a role.
   *
   * The API's JWT authorizer and `shared/http/auth.ts` read the claims `agency`, `roles` and
   * `commune` from the access token. Cognito does not put custom attributes in access tokens (and
   * in ID tokens only as `custom:…`), so a pre-token-generation trigger (event version 2, which
   * needs the Essentials or Plus feature plan) must copy them into access-token claims of those
   * names. That trigger is not built yet: until it is, tokens lack those claims and every
   * `jwt` route answers 401.
   */
  private agencyUsers(): [UserPool, UserPoolClient] {
    const userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      customAttributes: {
        agency: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        roles: new StringAttribute({ minLen: 1, maxLen: 256, mutable: true }),
        commune: new StringAttribute({ minLen: 5, maxLen: 5, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection (compromised credentials, adaptive authentication) for accounts
      // that can approve grants, and the v2 pre-token-generation trigger the claims above need.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const client = userPool.addClient('WebClient', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      disableOAuth: true,
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('agency', 'roles', 'commune'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    return [userPool, client];
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
}

const attribute = (key: KeySpec) => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});
