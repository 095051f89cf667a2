/**
 * The service manifest: the single description of a service that both the CDK app (infra/) and
 * the local runtime (local/) are built from, so what runs on a laptop is what deploys.
 *
 * A manifest is plain data plus zod schemas. It never imports a handler: handlers are named by
 * their path relative to the service folder, so the CDK can bundle them and the local runtime can
 * import them lazily (a cold start).
 */
import type * as z from 'zod';
import type { AccessEntry } from './access/policy.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/**
 * Agency staff roles, and `enterprise`: a person acting for an enterprise online (domain.md §9),
 * signed in through the enterprises' identity provider, never an agency account.
 */
export type Role = 'admin' | 'officer' | 'reviewer' | 'viewer' | 'enterprise';
/** The roles of agency accounts. */
export type StaffRole = Exclude<Role, 'enterprise'>;

/** How a route authenticates. `jwt` routes are behind the JWT authorizer (Cognito in AWS). */
export type RouteAuth =
  | { kind: 'public' }
  | { kind: 'jwt'; roles: readonly Role[] }
  /** Verified by the handler itself (e.g. an HMAC-signed webhook); the gateway lets it through. */
  | { kind: 'signature' };

/**
 * An IAM permission a function needs beyond its own service's resources, on `*` because the
 * action has no resource-level form (e.g. `dynamodb:ListTables`). The reason is recorded where the
 * CDK acknowledges the wildcard (cdk-nag IAM5), so every such grant is justified in code.
 */
export interface ExtraGrant {
  actions: readonly string[];
  reason: string;
}

/** What every function spec may add to the defaults. */
export interface FunctionSpec {
  /** Lambda timeout in seconds (default 10). */
  timeoutSeconds?: number;
  memoryMb?: number;
  grants?: readonly ExtraGrant[];
  /**
   * The function stores people, so it needs the registry's person-ref key (services/registry
   * domain/person-ref.ts): in AWS it gets the secret's ARN and may read that secret; locally the key.
   */
  personRefKey?: boolean;
  /**
   * Files the handler reads at run time, copied into its bundle: `from` relative to the repository
   * root, `to` relative to the bundle's folder (e.g. the font the PDF renderer embeds).
   */
  bundleFiles?: readonly { from: string; to: string }[];
  /**
   * Internal functions of other services this function calls (`<service>/<function>`, see
   * {@link InternalFunctionSpec}): it gets each one's name in `envNames.internalFunction` and may
   * invoke it — in AWS `lambda:InvokeFunction` on that function alone; locally through the runtime's
   * Lambda Invoke API (`AWS_ENDPOINT_URL_LAMBDA`).
   */
  invokes?: readonly string[];
  /**
   * The function sends e-mail (Amazon SES v2 SendEmail): it gets the sender address and the
   * configuration set in `envNames.mailFrom` / `envNames.mailConfigurationSet` and, in AWS,
   * `ses:SendEmail` on that identity and configuration set alone; locally the runtime's mail sink
   * answers (`AWS_ENDPOINT_URL_SESV2`).
   */
  sendsMail?: boolean;
}

/**
 * A function another service calls synchronously (Lambda Invoke, request/response), for what only
 * its owner may compute — e.g. the registry turning personal-id hashes into person refs with a key
 * only it holds. No route, no queue: a Lambda that only the functions of the services named in
 * `invokedBy` that declare it in their `invokes` may invoke.
 */
export interface InternalFunctionSpec extends FunctionSpec {
  /** kebab-case, unique within the service; `<service>-<name>` locally. */
  name: string;
  /** Handler module, relative to the service folder, exporting `handler(event) → result`. */
  handler: string;
  /** Services whose functions may invoke it. */
  invokedBy: readonly string[];
  /** What it answers, for operators (the function's description). */
  summary: string;
}

export interface RouteSpec extends FunctionSpec {
  method: HttpMethod;
  /** API Gateway path syntax: `/applications/{id}/submit`. */
  path: string;
  /** Handler module, relative to the service folder, exporting `handler`. */
  handler: string;
  auth: RouteAuth;
  /**
   * The access-policy entry this route enforces (shared/access/policy.ts): every `jwt` route names
   * one, and its handler asks the policy with the loaded object. The matrix test checks both.
   */
  access?: AccessEntry;
  summary: string;
  /** OpenAPI operationId, for generated clients; default: the handler's file name in camelCase. */
  operationId?: string;
  request?: {
    body?: z.ZodType;
    query?: z.ZodType;
    params?: z.ZodType;
  };
  /**
   * What the route answers that cannot be derived from what it is: its success statuses and their
   * bodies (none: 200), and the errors of its own rules (`422: { description: 'not eligible' }`, a
   * 503), each with when. The statuses that follow from its auth, path, body and method (401, 403,
   * 404, 409, 400, 413, 415, 429, 500) are added by shared/http/answers.ts; an error without a
   * schema is problem+json.
   */
  responses?: Partial<Record<number, { description: string; schema?: z.ZodType }>>;
  /** Load shedding for a route that can be overloaded: see {@link SheddingSpec}. */
  shedding?: SheddingSpec;
}

/**
 * A route that answers within `deadlineSeconds` of arrival or, at once, 429 with Retry-After and
 * nothing done (docs/design-notes.md, "The registry feed sheds load"). In AWS the function gets
 * `concurrency` as its reserved concurrency, and the route an API Gateway throttle of `rateLimit`
 * requests/s with a burst of `concurrency`, so that the gateway turns the excess away with a 429
 * before Lambda would throttle (which an HTTP API answers with a 5xx). Locally the gateway runs at
 * most `concurrency` at once and answers the rest 429 at once, as Lambda does not queue either.
 * The handler itself refuses a request that waited so long that it could not finish in time.
 */
export interface SheddingSpec {
  deadlineSeconds: number;
  concurrency: number;
  rateLimit: number;
}

export interface ConsumerSpec extends FunctionSpec {
  /** Unique within the service; names the queue (`<service>-<name>`) and its DLQ. */
  name: string;
  handler: string;
  /** Event types (from shared/contracts) this consumer subscribes to. */
  events: readonly string[];
  batchSize: number;
  /** Receives before a message is moved to the DLQ. */
  maxReceiveCount: number;
  /** Must exceed the handler's timeout (Lambda requires it); also the local retry delay. */
  visibilityTimeoutSeconds: number;
  /** Most batches handled at once (Lambda's maximum concurrency, ≥ 2; locally, parallel pollers). Default 2. */
  maxConcurrency?: number;
  /**
   * A consumer of this queue's DLQ: each message that used up its receives, one at a time, so the
   * work it asked for can be recorded as failed for good (a schedule run that was killed every time
   * would otherwise stay "running"). A message it handles leaves the DLQ (nothing is left to
   * redrive: its work is settled); one it fails on returns there. The DLQ still alarms: on every
   * message received from it rather than on its depth.
   */
  deadLetters?: DeadLetterSpec;
}

export interface DeadLetterSpec extends FunctionSpec {
  /** Handler module, relative to the service folder: an SQS consumer of the DLQ (batch size 1). */
  handler: string;
}

export interface ScheduleSpec extends FunctionSpec {
  name: string;
  handler: string;
  /** EventBridge Scheduler expression: `rate(1 hour)` or `cron(0 1 * * ? *)`. */
  expression: string;
  /** IANA time zone for cron expressions (default Asia/Ho_Chi_Minh). */
  timeZone?: string;
}

export type AttributeType = 'S' | 'N';

export interface KeySpec {
  name: string;
  type: AttributeType;
}

export interface TableSpec {
  /** Unique within the service; the env var is `<SERVICE>_<NAME>_TABLE`. */
  name: string;
  partitionKey: KeySpec;
  sortKey?: KeySpec;
  globalIndexes?: readonly { name: string; partitionKey: KeySpec; sortKey?: KeySpec }[];
  /** Attribute holding an epoch-seconds expiry. */
  timeToLive?: string;
  /** A change stream, for the table's stream consumers. */
  stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
}

/**
 * A consumer of one of the service's own table streams (change data capture): Lambda's DynamoDB
 * Streams event source in AWS, the stream poller locally. Records that keep failing go to a DLQ.
 */
export interface StreamConsumerSpec extends FunctionSpec {
  name: string;
  table: string;
  handler: string;
  batchSize: number;
  /** Attempts before the failing records go to the DLQ (`<service>-<name>-dlq`). */
  retryAttempts: number;
  /** Only records whose sort key `sk` starts with this are delivered. */
  sortKeyPrefix?: string;
}

/**
 * Files uploaded under `<service>/<prefix>` in the documents bucket notify a consumer: S3 event
 * notifications to its queue in AWS; the local runtime emulates them. The consumer's handler gets
 * S3 event notification records (not envelopes) in its SQS messages.
 */
export interface UploadNotificationSpec {
  /** Key prefix under the service's folder, e.g. `imports/`. */
  prefix: string;
  /** The consumer (of this service) whose queue is notified. */
  consumer: string;
  /**
   * Uploads under the prefix are deleted this many days after they land, older versions included
   * (an S3 lifecycle rule in AWS): for files that must not be kept, e.g. attendance lists that carry
   * personal-id hashes until the consumer has turned them into person refs.
   */
  expireAfterDays?: number;
}

export interface ServiceManifest {
  /** kebab-case; prefixes its tables, queues, env vars and S3 keys. */
  name: string;
  /** Absolute path of the service folder (`import.meta.dirname` in the manifest). */
  dir: string;
  description: string;
  tables: readonly TableSpec[];
  /** Event types this service publishes (through its outbox, or its stream consumers). */
  publishes: readonly string[];
  /**
   * `outbox` (default): events are written to the service's outbox table with the state change.
   * `stream`: the service's stream consumers derive them from its tables' change streams, and may
   * send to the subscribed queues (routes in `<SERVICE>_EVENT_ROUTES`).
   */
  publishFrom?: 'outbox' | 'stream';
  streamConsumers?: readonly StreamConsumerSpec[];
  uploadNotifications?: readonly UploadNotificationSpec[];
  /** Functions other services invoke directly ({@link InternalFunctionSpec}). */
  functions?: readonly InternalFunctionSpec[];
  routes: readonly RouteSpec[];
  consumers: readonly ConsumerSpec[];
  schedules: readonly ScheduleSpec[];
  /** Whether the service reads/writes the shared document bucket (under `<name>/`). */
  usesBucket: boolean;
  /** Whether its HTTP writes honour `Idempotency-Key` (adds an idempotency table). */
  idempotentWrites: boolean;
  /**
   * Demo data for the local runtime: a module (relative to the service folder) exporting
   * `seed(): Promise<string>` that loads it and returns a one-line summary. Never deployed.
   */
  seed?: string;
}

/** Names a service's own tables may not take: they would collide with the outbox and idempotency tables. */
const RESERVED_TABLE_NAMES = new Set(['outbox', 'idempotency']);

const duplicates = (names: string[]) => names.filter((n, i) => names.indexOf(n) !== i);

export function defineService(manifest: ServiceManifest): ServiceManifest {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(manifest.name)) throw new Error(`service name "${manifest.name}" must be kebab-case`);
  for (const t of manifest.tables) {
    if (RESERVED_TABLE_NAMES.has(t.name)) throw new Error(`${manifest.name}: a table may not be called "${t.name}" (reserved)`);
  }
  const dupTables = duplicates(manifest.tables.map((t) => t.name));
  if (dupTables.length) throw new Error(`${manifest.name}: table ${dupTables[0]} is declared twice`);
  const dupConsumers = duplicates([
    ...manifest.consumers.map((c) => c.name),
    ...manifest.schedules.map((s) => s.name),
    ...(manifest.streamConsumers ?? []).map((s) => s.name),
    ...(manifest.functions ?? []).map((f) => f.name),
  ]);
  if (dupConsumers.length) throw new Error(`${manifest.name}: consumer/schedule/function ${dupConsumers[0]} is declared twice`);
  for (const f of manifest.functions ?? []) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(f.name)) throw new Error(`${manifest.name}: function name "${f.name}" must be kebab-case`);
    if (f.invokedBy.length === 0) throw new Error(`${manifest.name}/${f.name}: an internal function names the services that invoke it`);
  }
  for (const spec of functionSpecsOf(manifest)) {
    for (const ref of spec.invokes ?? []) {
      if (!/^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/.test(ref)) throw new Error(`${manifest.name}: "${ref}" is not <service>/<function>`);
    }
  }
  for (const sc of manifest.streamConsumers ?? []) {
    const table = manifest.tables.find((t) => t.name === sc.table);
    if (!table?.stream) throw new Error(`${manifest.name}/${sc.name}: table ${sc.table} is not declared with a stream`);
  }
  for (const u of manifest.uploadNotifications ?? []) {
    if (!manifest.usesBucket) throw new Error(`${manifest.name}: upload notifications need usesBucket`);
    if (!manifest.consumers.some((c) => c.name === u.consumer))
      throw new Error(`${manifest.name}: no consumer ${u.consumer} for uploads under ${u.prefix}`);
  }
  if (manifest.publishFrom === 'stream' && !(manifest.streamConsumers ?? []).length) {
    throw new Error(`${manifest.name}: publishFrom "stream" needs a stream consumer`);
  }
  const seen = new Set<string>();
  for (const r of manifest.routes) {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) throw new Error(`${manifest.name}: route ${key} is declared twice`);
    seen.add(key);
  }
  for (const c of manifest.consumers) {
    if (c.visibilityTimeoutSeconds <= (c.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS)) {
      throw new Error(`${manifest.name}/${c.name}: visibilityTimeoutSeconds must exceed the handler timeout`);
    }
  }
  return manifest;
}

export const DEFAULT_TIMEOUT_SECONDS = 10;

/**
 * The SQS event source's batching window: Lambda takes batches above 10 only with one, so such a
 * consumer waits up to a second to fill its batch; the others are handed what one receive brings.
 * The CDK app and the local runtime's pollers both follow it.
 */
export const batchingWindowSeconds = (c: Pick<ConsumerSpec, 'batchSize'>): number => (c.batchSize > 10 ? 1 : 0);
export const DEFAULT_MEMORY_MB = 512;

const upper = (s: string): string => s.replace(/[^a-zA-Z0-9]+/g, '_').toUpperCase();

/**
 * Env var names. Every name carries its service so that all functions can share one process
 * in the local runtime without their settings colliding.
 */
export const envNames = {
  table: (service: string, table: string) => `${upper(service)}_${upper(table)}_TABLE`,
  outboxTable: (service: string) => `${upper(service)}_OUTBOX_TABLE`,
  idempotencyTable: (service: string) => `${upper(service)}_IDEMPOTENCY_TABLE`,
  bucket: 'DOCUMENTS_BUCKET',
  /** JSON `{ [eventType]: queueUrl[] }` for services that publish from their stream consumers. */
  eventRoutes: (service: string) => `${upper(service)}_EVENT_ROUTES`,
  /** URL of one of the service's consumer queues (for services that feed their own queues). */
  consumerQueueUrl: (service: string, consumer: string) => `${upper(service)}_${upper(consumer)}_QUEUE_URL`,
  /** ARN of the registry webhook's HMAC secret (Secrets Manager) — routes with `signature` auth. */
  webhookSecretArn: 'REGISTRY_WEBHOOK_SECRET_ARN',
  /** ARN of the key the registry makes person refs with (Secrets Manager) — functions with `personRefKey`. */
  personRefKeyArn: 'REGISTRY_PERSON_REF_KEY_ARN',
  /**
   * JSON `{ [eventType]: queueUrl[] }`, read by the outbox relay. Only relay functions have it, one
   * per function, so the name needs no service prefix (the local runtime passes routes directly).
   */
  outboxRoutes: 'OUTBOX_ROUTES',
  /** URL of a stream consumer's DLQ, where its handler sends the records it keeps failing on. */
  streamDlqUrl: (service: string, consumer: string) => `${upper(service)}_${upper(consumer)}_STREAM_DLQ_URL`,
  /** URL of the outbox relay's DLQ; relay functions only, like OUTBOX_ROUTES. */
  outboxRelayDlqUrl: 'OUTBOX_RELAY_DLQ_URL',
  /** The sender address of functions that send mail (`sendsMail`). */
  mailFrom: 'MAIL_FROM_ADDRESS',
  /** The SES configuration set their messages go through (sending events, suppression). */
  mailConfigurationSet: 'MAIL_CONFIGURATION_SET',
  /** Name of another service's internal function, for the functions that invoke it. */
  internalFunction: (service: string, fn: string) => `${upper(service)}_${upper(fn)}_FUNCTION`,
} as const;

/** Physical resource names used locally (in AWS, CloudFormation names them). */
export const localNames = {
  table: (service: string, table: string) => `${service}-${table}`,
  outboxTable: (service: string) => `${service}-outbox`,
  idempotencyTable: (service: string) => `${service}-idempotency`,
  queue: (service: string, consumer: string) => `${service}-${consumer}`,
  dlq: (service: string, consumer: string) => `${service}-${consumer}-dlq`,
  relayDlq: (service: string) => `${service}-outbox-relay-dlq`,
  streamDlq: (service: string, consumer: string) => `${service}-${consumer}-dlq`,
  /** The function name the local Lambda Invoke API answers to. */
  internalFunction: (service: string, fn: string) => `${service}-${fn}`,
} as const;

/**
 * Check a whole system: env var names and local resource names must be unique across services
 * (all functions share one process locally), and no two services may declare the same route.
 */
export function assertComposable(manifests: readonly ServiceManifest[]): void {
  const owners = new Map<string, string>();
  const claim = (key: string, owner: string) => {
    const other = owners.get(key);
    if (other && other !== owner) throw new Error(`${key} is claimed by both ${other} and ${owner}`);
    owners.set(key, owner);
  };
  for (const m of manifests) {
    if (owners.has(`service ${m.name}`)) throw new Error(`service ${m.name} is listed twice`);
    claim(`service ${m.name}`, m.name);
    for (const t of m.tables) {
      claim(`env ${envNames.table(m.name, t.name)}`, `${m.name}/${t.name}`);
      claim(`table ${localNames.table(m.name, t.name)}`, `${m.name}/${t.name}`);
    }
    claim(`env ${envNames.outboxTable(m.name)}`, `${m.name}/outbox`);
    claim(`table ${localNames.outboxTable(m.name)}`, `${m.name}/outbox`);
    claim(`env ${envNames.idempotencyTable(m.name)}`, `${m.name}/idempotency`);
    claim(`table ${localNames.idempotencyTable(m.name)}`, `${m.name}/idempotency`);
    for (const c of m.consumers) claim(`queue ${localNames.queue(m.name, c.name)}`, `${m.name}/${c.name}`);
    for (const sc of m.streamConsumers ?? []) claim(`queue ${localNames.streamDlq(m.name, sc.name)}`, `${m.name}/${sc.name}`);
    for (const r of m.routes) claim(`route ${r.method} ${r.path}`, `${m.name} ${r.handler}`);
    for (const f of m.functions ?? []) claim(`function ${localNames.internalFunction(m.name, f.name)}`, `${m.name}/${f.name}`);
  }
  // Every invocation names a function that exists and admits the invoking service.
  for (const m of manifests) {
    for (const spec of functionSpecsOf(m)) {
      for (const ref of spec.invokes ?? []) {
        const target = internalFunctionOf(manifests, ref);
        if (!target) throw new Error(`${m.name} invokes ${ref}, which no service declares`);
        if (!target.invokedBy.includes(m.name)) throw new Error(`${m.name} invokes ${ref}, which is not invokedBy ${m.name}`);
      }
    }
  }
}

/** Every function spec of a service: routes, consumers, schedules, stream consumers and internal functions. */
export function functionSpecsOf(m: ServiceManifest): readonly FunctionSpec[] {
  return [...m.routes, ...m.consumers, ...m.schedules, ...(m.streamConsumers ?? []), ...(m.functions ?? [])];
}

/** The internal function `<service>/<name>` among `manifests`. */
export function internalFunctionOf(manifests: readonly ServiceManifest[], ref: string): InternalFunctionSpec | undefined {
  const [service, name] = ref.split('/');
  return manifests.find((m) => m.name === service)?.functions?.find((f) => f.name === name);
}

export interface Subscription {
  service: string;
  consumer: string;
}

/** Every consumer, across all manifests, that subscribes to each event type. */
export function subscriptionsByEvent(manifests: readonly ServiceManifest[]): Map<string, Subscription[]> {
  const byEvent = new Map<string, Subscription[]>();
  for (const m of manifests) {
    for (const c of m.consumers) {
      for (const type of c.events) {
        const list = byEvent.get(type) ?? [];
        list.push({ service: m.name, consumer: c.name });
        byEvent.set(type, list);
      }
    }
  }
  return byEvent;
}

/**
 * The outbox routes of one service: for each event it publishes, the consumers to send it to.
 * Both the CDK (which grants exactly these sends) and the local runtime use it.
 */
export function outboxRoutesFor(service: ServiceManifest, all: readonly ServiceManifest[]): Record<string, Subscription[]> {
  const subs = subscriptionsByEvent(all);
  const routes: Record<string, Subscription[]> = {};
  for (const type of service.publishes) routes[type] = subs.get(type) ?? [];
  return routes;
}

/** A service publishes through an outbox when it declares events and does not publish from a stream. */
export const hasOutbox = (m: ServiceManifest): boolean => m.publishes.length > 0 && m.publishFrom !== 'stream';

/** Resolve a handler path against its service folder. */
export const handlerPath = (m: ServiceManifest, handler: string): string => `${m.dir}/${handler}`;
