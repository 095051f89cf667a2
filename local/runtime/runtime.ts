/**
 * The whole system on one machine: DynamoDB Local and fauxqs (SQS + S3), the resources every
 * manifest declares, the HTTP gateway, queue pollers, outbox stream pollers and the scheduler —
 * all invoking the same handler modules the CDK deploys.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IncomingMessage, Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Agent as HttpAgent } from 'node:http';
import {
  assertComposable,
  DEFAULT_TIMEOUT_SECONDS,
  envNames,
  functionSpecsOf,
  handlerPath,
  localNames,
  outboxRoutesFor,
  type ServiceManifest,
} from '../../shared/manifest.ts';
import { makeDeployedRelayHandler } from '../../shared/outbox/relay.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { BucketMirror, restoreQueues, startAwsEmulator, writeFileAtomic, type AwsEmulator } from './aws-emulator.ts';
import { createGateway, type LocalRoute } from './gateway.ts';
import { invoke } from './invoke.ts';
import { defaultKeyFile, localIssuer } from './jwt.ts';
import type { ConsoleStatus } from './console-build.ts';
import { consoleLocalRoutes, consoleSite, readJson, storageProxy, type Site } from './console-site.ts';
import { assertPortFree, freePort } from './ports.ts';
import { provision, type Provisioned } from './provision.ts';
import { startScheduler, type ScheduledJob } from './scheduler.ts';
import { receiveTurn, startSqsPoller, type SqsPoller } from './sqs-poller.ts';
import { startUploadNotifier } from './upload-notifier.ts';
import { MailSink } from './mail-sink.ts';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { startStreamPoller, type Checkpoints, type StreamPoller } from './stream-poller.ts';
import { z } from 'zod';
import { clock, clockFrom, setClock, systemClock } from '../../shared/time/clock.ts';

/** `PUT /local/clock`: an instant to live at, or null for the system clock. */
const clockBody = z.strictObject({ now: z.iso.datetime({ offset: true }).nullable() });

export interface RuntimeOptions {
  root: string;
  manifests: readonly ServiceManifest[];
  port: number;
  /** Folder for persisted data; undefined = in memory. */
  dataDir: string | undefined;
  dynamoDbPort?: number;
  awsPort?: number;
  logLevel: string;
  /** Load each service's demo data (once per data folder; every start when in memory). */
  seed: boolean;
  onError?: (error: unknown, context: string) => void;
  /** The built web console (console/dist), served at `/`; a page says how to build it if absent. */
  consoleDir?: string;
  /** Whether the console is there, being built, or missing (default: whether index.html exists). */
  consoleStatus?: () => ConsoleStatus;
  log?: (line: string) => void;
  /** DynamoDB Local or the SQS/S3 server exited while the runtime was not stopping. */
  onServerExit?: (message: string) => void;
}

export interface Runtime {
  url: string;
  endpoints: { dynamodb: string; sqs: string; s3: string };
  provisioned: Provisioned;
  pollers: Map<string, SqsPoller>;
  streams: Map<string, StreamPoller>;
  /** The services' demo data is in (true), failed or was not asked for (false). */
  seeded: Promise<boolean>;
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

type Stopper = () => Promise<unknown> | unknown;

/** Lambda's limit for a synchronous invocation's payload. */
const INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;

async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`the payload is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** How long stopping waits for pollers, running invocations and demo data before it goes on. */
const STOP_GRACE_MS = 4000;

/** The registry webhook's HMAC secret when REGISTRY_WEBHOOK_SECRET is not set (local only). */
export const LOCAL_WEBHOOK_SECRET = 'local-registry-webhook-secret';

/** The registry's person-ref key when REGISTRY_PERSON_REF_KEY is not set (local only). */
export const LOCAL_PERSON_REF_KEY = 'local-registry-person-ref-key';

/** The sender of local mail when MAIL_FROM_ADDRESS is not set (it reaches only the mail sink). */
export const LOCAL_MAIL_FROM = 'no-reply@sme-support.localhost';

/** The env every handler sees locally: endpoints, and the names CDK would inject (also what `npm run bench:init` imports bundles with). */
export function handlerEnv(
  endpoints: Runtime['endpoints'] & { api: string },
  manifests: readonly ServiceManifest[],
  provisioned: Provisioned,
  logLevel: string,
) {
  const bucket = provisioned.bucket;
  const queueUrlOf = new Map(provisioned.queues.map((q) => [`${q.service}/${q.consumer}`, q.url]));
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    // Internal functions (manifest `functions`) answer the gateway's Lambda Invoke API.
    AWS_ENDPOINT_URL_LAMBDA: endpoints.api,
    // SES v2 SendEmail is answered by the gateway's mail sink (mail-sink.ts).
    AWS_ENDPOINT_URL_SESV2: endpoints.api,
    // The lock file pins an SDK that supports Node 20; the warning is about later releases.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: logLevel,
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_NAMESPACE: 'SmeSupport',
    POWERTOOLS_METRICS_DISABLED: 'true',
    [envNames.bucket]: bucket,
  };
  // Signed webhooks verify against a local secret (README: "Registry feed"); never used in AWS.
  if (manifests.some((m) => m.routes.some((r) => r.auth.kind === 'signature'))) {
    env.REGISTRY_WEBHOOK_SECRET = process.env.REGISTRY_WEBHOOK_SECRET ?? LOCAL_WEBHOOK_SECRET;
  }
  // The person-ref key (README: "Registry feed"); never used in AWS.
  if (manifests.some((m) => [...m.routes, ...m.consumers, ...(m.functions ?? [])].some((f) => f.personRefKey))) {
    env.REGISTRY_PERSON_REF_KEY = process.env.REGISTRY_PERSON_REF_KEY ?? LOCAL_PERSON_REF_KEY;
  }
  // Functions that send mail: a sender and a configuration set, as the CDK gives them in AWS.
  if (manifests.some((m) => functionSpecsOf(m).some((f) => f.sendsMail))) {
    env[envNames.mailFrom] = process.env[envNames.mailFrom] ?? LOCAL_MAIL_FROM;
    env[envNames.mailConfigurationSet] = 'local';
  }
  for (const m of manifests) {
    for (const t of m.tables) env[envNames.table(m.name, t.name)] = localNames.table(m.name, t.name);
    env[envNames.outboxTable(m.name)] = localNames.outboxTable(m.name);
    env[envNames.idempotencyTable(m.name)] = localNames.idempotencyTable(m.name);
    for (const c of m.consumers) env[envNames.consumerQueueUrl(m.name, c.name)] = queueUrlOf.get(`${m.name}/${c.name}`)!;
    // Internal functions answer the local Lambda Invoke API (AWS_ENDPOINT_URL_LAMBDA) by these names.
    for (const f of m.functions ?? []) env[envNames.internalFunction(m.name, f.name)] = localNames.internalFunction(m.name, f.name);
    for (const sc of m.streamConsumers ?? []) {
      env[envNames.streamDlqUrl(m.name, sc.name)] = provisioned.streamConsumers.find(
        (p) => p.service === m.name && p.consumer === sc.name,
      )!.dlqUrl;
    }
    if (m.publishFrom === 'stream') {
      const routes = Object.fromEntries(
        Object.entries(outboxRoutesFor(m, manifests)).map(([type, subs]) => [
          type,
          subs.map((s) => queueUrlOf.get(`${s.service}/${s.consumer}`)!),
        ]),
      );
      env[envNames.eventRoutes(m.name)] = JSON.stringify(routes);
    }
  }
  return env;
}

async function seedOnce(opts: RuntimeOptions, log: (line: string) => void): Promise<void> {
  const marker = opts.dataDir ? join(opts.dataDir, 'seeded.json') : undefined;
  const done: string[] = marker ? (JSON.parse(await readFile(marker, 'utf8').catch(() => '[]')) as string[]) : [];
  for (const m of opts.manifests) {
    if (!m.seed || done.includes(m.name)) continue;
    const mod = (await import(pathToFileURL(handlerPath(m, m.seed)).href)) as { seed?: () => Promise<string> };
    if (typeof mod.seed !== 'function') throw new Error(`${m.name}: ${m.seed} does not export seed()`);
    log(`seeded ${m.name}: ${await mod.seed()}`);
    done.push(m.name);
    if (marker) await writeFileAtomic(marker, JSON.stringify(done));
  }
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const log = opts.log ?? (() => undefined);
  const report = opts.onError ?? ((error, context) => console.error(`[local] ${context}:`, error));
  // Once stopping, the servers may go at any moment (a signal to the whole process group reaches
  // them too): what fails then is said in one line each, without a stack.
  let stopping = false;
  const said = new Set<string>();
  const onError = (error: unknown, context: string) => {
    if (!stopping) return report(error, context);
    const line = `${context}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} (while stopping)`;
    if (!said.has(line)) log(line);
    said.add(line);
  };
  // Stopping runs phase by phase: what takes requests (gateway, scheduler, upload notices), then
  // the pollers, then the last snapshot, then the servers the pollers read. Pollers and running
  // invocations get a few seconds: whatever they leave is in flight, and in flight is in the
  // snapshot (delivered again on the next start) or still in the stream after the checkpoint.
  const phases = {
    front: [] as Stopper[],
    pollers: [] as Stopper[],
    work: [] as Stopper[],
    save: [] as Stopper[],
    servers: [] as Stopper[],
  };
  const stopAll = async () => {
    stopping = true;
    const run = async (list: Stopper[]) =>
      void (await Promise.all(
        list.map((stop) =>
          Promise.resolve()
            .then(stop)
            .catch((e: unknown) => onError(e, 'stop')),
        ),
      ));
    /** Wait for each list until one shared deadline; say in one line what is left unfinished. */
    const drain = async (lists: [Stopper[], string][]) => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)));
      const late = await Promise.all(
        lists.map(async ([list, what]) => ((await Promise.race([run(list).then(() => true), deadline])) ? undefined : what)),
      );
      clearTimeout(timer);
      const left = late.filter((w) => w !== undefined);
      if (left.length > 0) log(`left unfinished after ${STOP_GRACE_MS / 1000} s: ${left.join('; ')}`);
    };
    // Pollers are told first (stopping them is synchronous; finishing is not), so that none of
    // them polls a server that the same signal may have stopped already.
    await Promise.all([
      run(phases.front),
      drain([
        [phases.pollers, 'running invocations (their messages and stream records are delivered again on the next start)'],
        [phases.work, 'demo data (it loads again on the next start)'],
      ]),
    ]);
    await run(phases.save);
    await run(phases.servers);
    for (const list of Object.values(phases)) list.length = 0;
  };

  try {
    assertComposable(opts.manifests);
    if (opts.port !== 0) await assertPortFree(opts.port, 'HTTP API');
    if (opts.dynamoDbPort) await assertPortFree(opts.dynamoDbPort, 'DynamoDB Local');
    if (opts.awsPort) await assertPortFree(opts.awsPort, 'SQS/S3');
    if (opts.dataDir) await mkdir(join(opts.dataDir, 'dynamodb'), { recursive: true });
    // The API's port is fixed before any handler can run (a restored queue message may be handled
    // before the gateway listens): handlers invoke internal functions through its Invoke API.
    const apiPort = opts.port !== 0 ? opts.port : await freePort();

    const started = Date.now();
    const [dynamo, aws] = await Promise.all([
      (async (): Promise<DynamoDbLocal> =>
        startDynamoDbLocal({
          port: opts.dynamoDbPort ?? (await freePort()),
          ...(opts.dataDir ? { dataDir: join(opts.dataDir, 'dynamodb') } : {}),
        }))(),
      (async (): Promise<AwsEmulator> => startAwsEmulator(opts.awsPort ?? (await freePort())))(),
    ]);
    phases.servers.push(
      () => dynamo.stop(),
      () => aws.stop(),
    );
    for (const [name, exited] of [
      ['DynamoDB Local', dynamo.exited],
      ['the SQS/S3 server', aws.exited],
    ] as const) {
      void exited.then((code) => {
        if (!stopping) opts.onServerExit?.(`${name} exited unexpectedly (${code})`);
      });
    }
    let persist: (final?: boolean) => Promise<void> = async () => undefined;
    phases.save.push(() => persist(true));
    log(`DynamoDB Local and SQS/S3 up in ${Date.now() - started} ms`);

    const endpoints = { dynamodb: dynamo.endpoint, sqs: aws.endpoint, s3: aws.endpoint };
    const db = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'us-east-1', credentials });
    const streams = new DynamoDBStreamsClient({ endpoint: endpoints.dynamodb, region: 'us-east-1', credentials });
    // Each queue has a long poll waiting (20 s) and each holds a socket: with the SDK's default 50 sockets, the
    // relays' sends and the handlers' queued behind them ("socket usage at capacity") under load.
    const sqs = new SQSClient({
      endpoint: endpoints.sqs,
      region: 'us-east-1',
      credentials,
      useQueueUrlAsEndpoint: false,
      requestHandler: { httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 256 }) },
    });
    const s3 = new S3Client({ endpoint: endpoints.s3, region: 'us-east-1', credentials, forcePathStyle: true });

    const provisioned = await provision({ db, sqs, s3 }, opts.manifests);
    Object.assign(
      process.env,
      handlerEnv({ ...endpoints, api: `http://127.0.0.1:${apiPort}` }, opts.manifests, provisioned, opts.logLevel),
    );

    // Persisted state of the in-memory SQS/S3 server (see aws-emulator.ts).
    const checkpointFile = opts.dataDir ? join(opts.dataDir, 'stream-checkpoints.json') : undefined;
    const queueFile = opts.dataDir ? join(opts.dataDir, 'queues.json') : undefined;
    const mirror = opts.dataDir ? new BucketMirror(s3, provisioned.bucket, join(opts.dataDir, 's3')) : undefined;
    let checkpoints: Checkpoints = {};
    if (opts.dataDir) {
      checkpoints = JSON.parse(await readFile(checkpointFile!, 'utf8').catch(() => '{}')) as Checkpoints;
      const objects = await mirror!.restore();
      const queueUrls = new Map([
        ...provisioned.queues.flatMap(
          (q) =>
            [
              [q.name, q.url],
              [q.dlqName, q.dlqUrl],
            ] as const,
        ),
      ]);
      const messages = await restoreQueues(sqs, queueUrls, queueFile!);
      if (objects || messages) log(`restored ${objects} document(s) and ${messages} queued message(s)`);
    }

    const pollers = new Map<string, SqsPoller>();
    for (const q of provisioned.queues) {
      const m = opts.manifests.find((x) => x.name === q.service)!;
      const consumer = m.consumers.find((c) => c.name === q.consumer)!;
      const turn = receiveTurn();
      for (let i = 0; i < (consumer.maxConcurrency ?? 2); i++) {
        pollers.set(
          `${q.name}#${i}`,
          startSqsPoller({
            sqs,
            queueUrl: q.url,
            queueName: q.name,
            consumer,
            modulePath: handlerPath(m, consumer.handler),
            functionName: q.name,
            onError,
            turn,
          }),
        );
      }
    }
    // A DLQ with its own consumer (ConsumerSpec.deadLetters): one poller, one message at a time.
    for (const q of provisioned.queues) {
      const m = opts.manifests.find((x) => x.name === q.service)!;
      const consumer = m.consumers.find((c) => c.name === q.consumer)!;
      if (!consumer.deadLetters) continue;
      pollers.set(
        q.dlqName,
        startSqsPoller({
          sqs,
          queueUrl: q.dlqUrl,
          queueName: q.dlqName,
          consumer: { ...consumer, ...consumer.deadLetters, batchSize: 1, timeoutSeconds: consumer.deadLetters.timeoutSeconds },
          modulePath: handlerPath(m, consumer.deadLetters.handler),
          functionName: q.dlqName,
          onError,
        }),
      );
    }
    phases.pollers.push(...[...pollers.values()].map((p) => () => p.stop()));

    const queueUrlOf = new Map(provisioned.queues.map((q) => [`${q.service}/${q.consumer}`, q.url]));
    const streamPollers = new Map<string, StreamPoller>();
    // What the local Lambda Invoke API can call (by the names dead letters carry): see `functions` below.
    const functions = new Map<string, (event: unknown) => Promise<unknown>>();
    for (const q of provisioned.queues) {
      const m = opts.manifests.find((x) => x.name === q.service)!;
      const consumer = m.consumers.find((c) => c.name === q.consumer)!;
      functions.set(q.name, (event) =>
        invoke(handlerPath(m, consumer.handler), q.name, event, consumer.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      );
    }
    // Internal functions (services' `functions`): invoked by other services through the Invoke API below.
    for (const m of opts.manifests) {
      for (const f of m.functions ?? []) {
        const name = localNames.internalFunction(m.name, f.name);
        functions.set(name, (event) => invoke(handlerPath(m, f.handler), name, event, f.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS));
      }
    }
    for (const { service, table } of provisioned.outboxTables) {
      const m = opts.manifests.find((x) => x.name === service)!;
      const routes = Object.fromEntries(
        Object.entries(outboxRoutesFor(m, opts.manifests)).map(([type, subs]) => [
          type,
          subs.map((s) => queueUrlOf.get(`${s.service}/${s.consumer}`)!),
        ]),
      );
      const functionName = `${service}-outbox-relay`;
      const relay = makeDeployedRelayHandler({ sqs, routes, service }, provisioned.relayDlqs.get(service)!, functionName);
      functions.set(functionName, (event) => relay(event as DynamoDBStreamEvent));
      streamPollers.set(
        table,
        await startStreamPoller({
          db,
          streams,
          sqs,
          table,
          relay,
          source: { functionName, service },
          dlqUrl: provisioned.relayDlqs.get(service)!,
          checkpoints,
          onError,
        }),
      );
    }

    for (const sc of provisioned.streamConsumers) {
      const m = opts.manifests.find((x) => x.name === sc.service)!;
      const spec = (m.streamConsumers ?? []).find((x) => x.name === sc.consumer)!;
      const fnName = `${m.name}-${spec.name}`;
      functions.set(fnName, (event) => invoke(handlerPath(m, spec.handler), fnName, event, spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS));
      streamPollers.set(
        `${sc.table}/${spec.name}`,
        await startStreamPoller({
          db,
          streams,
          sqs,
          table: sc.table,
          relay: async (event) =>
            ((await invoke(handlerPath(m, spec.handler), fnName, event, spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS)) as
              | DynamoDBBatchResponse
              | undefined) ?? {
              batchItemFailures: [],
            },
          dlqUrl: sc.dlqUrl,
          source: { functionName: fnName, service: m.name },
          checkpoints,
          batchSize: spec.batchSize,
          maxRetries: spec.retryAttempts,
          ...(spec.sortKeyPrefix ? { sortKeyPrefix: spec.sortKeyPrefix } : {}),
          onError,
        }),
      );
    }

    // One save at a time: the periodic one may be running when the last one is asked for.
    let saving: Promise<void> = Promise.resolve();
    /** Save the documents bucket now (before a new upload is announced to its consumer). */
    const saveObjects = () => (saving = saving.catch(() => undefined).then(() => mirror!.sync()));

    const watches = opts.manifests.flatMap((m) =>
      (m.uploadNotifications ?? []).map((u) => ({ prefix: `${m.name}/${u.prefix}`, queueUrl: queueUrlOf.get(`${m.name}/${u.consumer}`)! })),
    );
    if (watches.length > 0) {
      const notifier = await startUploadNotifier({
        s3,
        sqs,
        bucket: provisioned.bucket,
        watches,
        ...(opts.dataDir ? { stateFile: join(opts.dataDir, 'uploads-seen.json'), beforeNotify: () => saveObjects() } : {}),
        onError,
      });
      phases.front.push(() => notifier.stop());
    }

    let savedAt: Date | undefined;
    persist = (final = false) =>
      (saving = saving.then(async () => {
        if (!opts.dataDir) return;
        if (final && !aws.isRunning()) {
          // The checkpoint is not written either: the saved one matches the saved queues.
          log(
            `cannot take the last snapshot: the SQS/S3 server is gone; the next start resumes from the one ${savedAt ? `of ${savedAt.toISOString()}` : 'before'} and relays outbox events again from there`,
          );
          return;
        }
        // Checkpoint first, then the queues: whatever was relayed after the checkpoint is either
        // in the snapshot or relayed again — never neither.
        const positions = JSON.stringify(checkpoints);
        await aws.snapshotQueues(
          provisioned.queues.flatMap((q) => [q.name, q.dlqName]),
          queueFile!,
        );
        await writeFileAtomic(checkpointFile!, positions);
        await mirror!.sync();
        savedAt = new Date();
      }));
    phases.pollers.push(...[...streamPollers.values()].map((p) => () => p.stop()));
    if (opts.dataDir) {
      const timer = setInterval(() => persist().catch((e: unknown) => onError(e, 'persist')), 5000);
      timer.unref();
      phases.front.push(() => clearInterval(timer));
    }

    const jobs: ScheduledJob[] = opts.manifests.flatMap((m) =>
      m.schedules.map((s) => ({
        service: m.name,
        name: s.name,
        expression: s.expression,
        timeZone: s.timeZone ?? 'Asia/Ho_Chi_Minh',
        run: async () => {
          await invoke(
            handlerPath(m, s.handler),
            `${m.name}-${s.name}`,
            { schedule: s.name, scheduledTime: clock.now().toISOString() },
            s.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
          );
        },
      })),
    );
    const scheduler = startScheduler(jobs, onError);
    phases.front.push(() => scheduler.stop());

    const issuer = await localIssuer(defaultKeyFile(opts.root));
    // What the runtime would have mailed (SES v2 SendEmail answered here; GET /local/mail).
    const mail = new MailSink(opts.dataDir ? join(opts.dataDir, 'mail.json') : undefined);
    await mail.restore();
    phases.save.push(() => mail.flush());
    const localRoutes: LocalRoute[] = [
      ...consoleLocalRoutes(issuer, endpoints.s3),
      mail.sesRoute,
      mail.listRoute,
      async (req, url) =>
        req.method === 'GET' && url.pathname === '/.well-known/jwks.json' ? { status: 200, body: issuer.jwks() } : undefined,
      async (req, url) => {
        const m = /^\/local\/schedules\/([\w-]+)\/([\w-]+)$/.exec(url.pathname);
        if (req.method !== 'POST' || !m) return undefined;
        const job = jobs.find((j) => j.service === m[1] && j.name === m[2]);
        if (!job) return { status: 404, body: { title: 'Not found', status: 404, detail: `No schedule ${m[1]}/${m[2]}` } };
        await job.run();
        return { status: 200, body: { ran: `${job.service}/${job.name}`, at: clock.now().toISOString() } };
      },
      // The runtime's clock (local only): read it, move it to a day (the demo year acts each day on
      // its date), or put it back to the system clock. Never part of what deploys to AWS.
      async (req, url) => {
        if (url.pathname !== '/local/clock') return undefined;
        if (req.method === 'GET') return { status: 200, body: { now: clock.now().toISOString() } };
        if (req.method !== 'PUT') return undefined;
        const parsed = clockBody.safeParse(await readJson(req).catch(() => undefined));
        if (!parsed.success) {
          return {
            status: 400,
            body: { title: 'Bad request', status: 400, detail: 'Send {"now": "<ISO 8601 instant>"} or {"now": null} for the system clock' },
          };
        }
        setClock(parsed.data.now === null ? systemClock : clockFrom(new Date(parsed.data.now)));
        return { status: 200, body: { now: clock.now().toISOString() } };
      },
      // What the runtime is doing (local only): its memory (resident now and at its peak) and the
      // work in flight — messages queued or being handled, outbox and stream records relayed so far —
      // so that a script (the demo year) can wait until everything it caused has been handled.
      async (req, url) => {
        if (req.method !== 'GET' || url.pathname !== '/local/status') return undefined;
        const queued = await aws.queueDepth(provisioned.queues.map((q) => q.name));
        const sqsStats = [...pollers.values()].map((p) => p.stats);
        return {
          status: 200,
          body: {
            now: clock.now().toISOString(),
            // Where it keeps its data (null in memory): the demo year keeps its progress there.
            dataDir: opts.dataDir ?? null,
            memory: { rssBytes: process.memoryUsage().rss, peakRssBytes: process.resourceUsage().maxRSS * 1024 },
            work: {
              queued,
              handling: sqsStats.reduce((a, s) => a + s.received - s.succeeded - s.failed, 0),
              handled: sqsStats.reduce((a, s) => a + s.succeeded + s.failed, 0),
              relayed: [...streamPollers.values()].reduce((a, p) => a + p.stats.records, 0),
            },
          },
        };
      },
      // Where the SQS/S3 and DynamoDB servers listen (their ports are picked at start-up): for
      // `npm run redrive -- --local <url>` and other scripts.
      async (req, url) => (req.method === 'GET' && url.pathname === '/local/endpoints' ? { status: 200, body: endpoints } : undefined),
      // Lambda's Invoke API (RequestResponse), so that a LambdaClient pointed at this gateway
      // replays dead letters into the same functions as in AWS, and reaches internal functions.
      async (req, url) => {
        const m = /^\/2015-03-31\/functions\/([^/]{1,300})\/invocations$/.exec(url.pathname);
        if (req.method !== 'POST' || !m) return undefined;
        // A name or an ARN (what Lambda's on-failure pointers carry).
        const name = decodeURIComponent(m[1]!).replace(/^arn:aws:lambda:[^:]*:\d*:function:/, '');
        const fn = functions.get(name);
        if (!fn) return { status: 404, body: { Type: 'User', Message: `Function not found: ${name.slice(0, 140)}` } };
        let event: unknown;
        try {
          event = JSON.parse((await readLimited(req, INVOKE_PAYLOAD_BYTES)).toString('utf8') || '{}');
        } catch (error) {
          return { status: 400, body: { Type: 'User', Message: error instanceof Error ? error.message : 'invalid payload' } };
        }
        try {
          return { status: 200, body: (await fn(event)) ?? null };
        } catch (error) {
          // The function failed: Lambda answers 200 with X-Amz-Function-Error; a 500 is what a client here can tell apart.
          return {
            status: 500,
            body: {
              errorType: error instanceof Error ? error.name : 'Error',
              errorMessage: error instanceof Error ? error.message : String(error),
            },
          };
        }
      },
    ];
    const consoleDir = opts.consoleDir;
    const files = consoleDir
      ? consoleSite(consoleDir, opts.consoleStatus ?? (() => (existsSync(join(consoleDir, 'index.html')) ? 'ready' : 'absent')))
      : undefined;
    const proxy = storageProxy(endpoints.s3);
    const site: Site = async (req, res, url) => (await proxy(req, res, url)) || (files ? files(req, res, url) : false);
    const server: Server = createGateway({ manifests: opts.manifests, issuer, localRoutes, onError, site });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(apiPort, '127.0.0.1', () => resolve());
    });
    phases.front.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : apiPort;

    // Demo data loads in the background: the API answers at once, and the log says when it is in.
    let seeded: Promise<boolean> = Promise.resolve(false);
    if (opts.seed) {
      seeded = seedOnce(opts, log).then(
        () => true,
        (error: unknown) => {
          onError(error, 'seed');
          return false;
        },
      );
      phases.work.push(() => seeded);
    }

    let stopped: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${port}`,
      endpoints,
      provisioned,
      pollers,
      streams: streamPollers,
      seeded,
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
