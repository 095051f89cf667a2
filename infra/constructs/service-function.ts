/**
 * The one way this project builds a Lambda function, so every function gets the same runtime,
 * bundling, logging and tracing, and the same least-privilege habits: each `bind…` helper sets
 * the env var a handler reads and grants exactly the access that name implies, in one call.
 */
import { posix } from 'node:path';
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, envNames, type ExtraGrant } from '../../shared/manifest.ts';
import { BUNDLING } from '../bundling.ts';
import { acknowledgeNag, acknowledgeWildcardResource } from '../nag.ts';
import { REPO_ROOT, SOURCE_MAP_SCRIPT } from '../paths.ts';

export type TableAccess = 'read' | 'readWrite';

const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];

const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: READ_ACTIONS,
  readWrite: [...READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
};

const quote = (p: string) => `'${p.replace(/'/g, "'\\''")}'`;

/**
 * The bundling hooks of every function, run in a shell on this machine after esbuild (NodejsFunction
 * bundles locally when esbuild is installed, as here): copy the run-time files esbuild does not
 * follow (`files`) into the bundle, then trim its source map to our own sources
 * (infra/source-map.ts), which the function reads at init under `--enable-source-maps`. The trim
 * runs with the node running this CDK app (the `node` devDependency, Node 22, which strips the
 * script's types itself: about 100 ms a function where tsx took about 230 ms), from the repository.
 */
function bundleHooks(files: readonly { from: string; to: string }[]) {
  return {
    beforeBundling: (): string[] => [],
    beforeInstall: (): string[] => [],
    afterBundling: (inputDir: string, outputDir: string): string[] => [
      ...files.map((f) => {
        const to = posix.join(outputDir, f.to);
        return `mkdir -p ${quote(posix.dirname(to))} && cp ${quote(posix.join(inputDir, f.from))} ${quote(to)}`;
      }),
      `${quote(process.execPath)} --disable-warning=ExperimentalWarning ${quote(SOURCE_MAP_SCRIPT)} ${quote(posix.join(outputDir, 'index.mjs.map'))}`,
    ],
  };
}

export interface ServiceFunctionProps {
  /** The owning service: its Powertools service name. */
  readonly service: string;
  /** Absolute path of the handler module (exports `handler`). */
  readonly entry: string;
  readonly description: string;
  readonly timeoutSeconds?: number;
  readonly memoryMb?: number;
  /** Files copied into the bundle after esbuild (from: repository-relative; to: bundle-relative). */
  readonly bundleFiles?: readonly { from: string; to: string }[];
  /**
   * The log group to write to: a service's functions share one (Powertools puts `function_name` on
   * every line), which keeps a stack of many functions under CloudFormation's 500 resources.
   * Without it the function gets a log group of its own.
   */
  readonly logGroup?: LogGroup;
}

/** Where functions that send mail send from (deployment settings; see infra/app.ts). */
export interface MailBinding {
  /** The sender, e.g. `no-reply@sme.hanoi.gov.vn`. */
  readonly fromAddress: string;
  /** The verified SES identity it sends as: its domain (`sme.hanoi.gov.vn`) or the address itself. */
  readonly identity: string;
  readonly configurationSetName: string;
}

export class ServiceFunction extends Construct {
  readonly fn: NodejsFunction;
  /** Built here rather than by Lambda, so it carries no AWS-managed policy with `logs:*` on `*`. */
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** One policy per {@link grantUnscoped} call, in call order. */
  readonly unscopedGrants: Policy[] = [];

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.service}: ${props.description}`,
    });
    this.logGroup = props.logGroup ?? new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      // Lambda's limit; the role keeps the full text.
      description: `${props.service}: ${props.description}`.slice(0, 256),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.seconds(props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      memorySize: props.memoryMb ?? DEFAULT_MEMORY_MB,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}/package-lock.json`,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.service,
      },
      bundling: {
        ...BUNDLING,
        mainFields: [...BUNDLING.mainFields],
        externalModules: [...BUNDLING.externalModules],
        commandHooks: bundleHooks(props.bundleFiles ?? []),
      },
    });

    acknowledgeNag(
      this.fn,
      'L1',
      'Node.js 22 on purpose: the same major runs locally (the `node` devDependency), and 22 is the oldest supported Lambda runtime (see docs/local-aws.md).',
    );
    acknowledgeWildcardResource(
      this.role,
      '*',
      'Resource "*" is granted only for actions without resource-level permissions: xray:PutTraceSegments/PutTelemetryRecords (active tracing) and, on stream consumers, dynamodb:ListStreams. Grants declared in a manifest are separate policies with their own reasons (grantUnscoped).',
    );
  }

  /**
   * Allow actions that IAM offers no resource-level form of (`dynamodb:ListTables`) on `*`.
   *
   * Each grant is a policy of its own, beside the role rather than under it, so the cdk-nag IAM5
   * finding for its `*` is acknowledged with this grant's reason alone: in the role's default
   * policy it would be the same finding (`Resource::*`) as the tracing statement's, already
   * acknowledged for another reason. Wildcard actions are refused: they are not what this is for.
   */
  grantUnscoped(grant: ExtraGrant): this {
    if (!grant.reason.trim()) throw new Error(`${this.node.path}: a grant of ${grant.actions.join(', ')} needs a reason`);
    if (grant.actions.length === 0) throw new Error(`${this.node.path}: the grant "${grant.reason}" names no action`);
    for (const action of grant.actions) {
      if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action)) {
        throw new Error(`${this.node.path}: "${action}" is not a single IAM action (service:Action, no wildcard)`);
      }
    }

    const policy = new Policy(this, `UnscopedGrant${this.unscopedGrants.length + 1}`, {
      statements: [new PolicyStatement({ actions: [...grant.actions], resources: ['*'] })],
      roles: [this.role],
    });
    // The permission is in place before the function exists, as the role's default policy is.
    this.fn.node.addDependency(policy);
    acknowledgeWildcardResource(policy, '*', grant.reason);
    this.unscopedGrants.push(policy);
    return this;
  }

  /**
   * Name a table in `envName` and grant `access` to it and to the listed indexes (by name, so no
   * `index/*` wildcard). Tables use AWS-managed encryption, so no KMS grant is needed.
   */
  bindTable(envName: string, table: ITable, access: TableAccess, indexNames: readonly string[] = []): this {
    this.fn.addEnvironment(envName, table.tableName);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: TABLE_ACTIONS[access],
        resources: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
      }),
    );
    return this;
  }

  /** Allow sending to `queue`. No env var: senders get queue URLs from their routing config. */
  bindQueueSend(queue: IQueue): this {
    queue.grantSendMessages(this.role);
    return this;
  }

  /** Name the queue (its URL) in `envName` and allow sending to it. */
  bindQueue(envName: string, queue: IQueue): this {
    this.fn.addEnvironment(envName, queue.queueUrl);
    return this.bindQueueSend(queue);
  }

  /**
   * Name the bucket in `envName` and grant read, write and delete on objects under `<prefix>/`
   * only, plus listing of that prefix (without it S3 answers 403 instead of 404 for a missing key).
   */
  bindBucket(envName: string, bucket: IBucket, prefix: string): this {
    this.fn.addEnvironment(envName, bucket.bucketName);
    const bucketArn = this.stackLocal(bucket, bucket.bucketArn);
    const objects = `${bucketArn}/${prefix}/*`;
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [objects] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${prefix}/*`] } },
      }),
    );
    acknowledgeWildcardResource(
      this.role,
      objects,
      `Object keys are chosen at run time (uploads, presigned URLs); the grant is limited to this service's own prefix "${prefix}/".`,
    );
    return this;
  }

  /**
   * Name the secret (its full ARN) in `envName` and allow `secretsmanager:GetSecretValue` on that
   * secret only: all that Powertools' `getSecret(arn)` calls. (`secret.grantRead` would add
   * `DescribeSecret`, which no handler needs.) A secret under a customer-managed key also needs
   * decrypt on that key.
   */
  bindSecret(envName: string, secret: ISecret): this {
    // A partial ARN would need a `-??????` wildcard in the policy.
    const arn = secret.secretFullArn;
    if (!arn)
      throw new Error(
        `${this.node.path}: bindSecret needs a secret whose full ARN is known (created here, or imported with fromSecretCompleteArn)`,
      );
    this.fn.addEnvironment(envName, arn);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [arn] }));
    secret.encryptionKey?.grantDecrypt(this.role);
    return this;
  }

  /**
   * A function that sends mail (manifest `sendsMail`): the sender address and the configuration set
   * in the env (`envNames.mailFrom`, `envNames.mailConfigurationSet`), and `ses:SendEmail` on that
   * sender's identity and that configuration set alone — SES v2 authorises a send against both.
   */
  bindMail(mail: MailBinding): this {
    this.fn.addEnvironment(envNames.mailFrom, mail.fromAddress);
    this.fn.addEnvironment(envNames.mailConfigurationSet, mail.configurationSetName);
    const stack = Stack.of(this);
    const arn = (resource: string, name: string) =>
      stack.formatArn({ service: 'ses', resource, resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [arn('identity', mail.identity), arn('configuration-set', mail.configurationSetName)],
      }),
    );
    return this;
  }

  /**
   * An attribute of `resource` as this stack will see it. From another stack it goes through an
   * explicit export, whose import token resolves the same before and after synthesis; that keeps
   * the policy text, and so the cdk-nag finding computed from it, stable.
   */
  private stackLocal(resource: Construct, value: string): string {
    const owner = Stack.of(resource);
    return owner === Stack.of(this) ? value : owner.exportValue(value);
  }
}
