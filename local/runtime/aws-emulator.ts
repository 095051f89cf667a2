/**
 * SQS and S3: `fauxqs`, in a child process, on one port. It keeps everything in memory, so when the
 * runtime persists data the state is saved through the public APIs: S3 objects are mirrored to
 * disk every few seconds and at shutdown, queue messages are snapshotted at shutdown and
 * periodically. After a crash, anything a snapshot missed is recovered by the outbox relay, which
 * resumes from the checkpoint saved with the same snapshot (consumers deduplicate).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface AwsEmulator {
  endpoint: string;
  /** Save every message still in these queues (ready, delayed, in flight) to `file`. */
  snapshotQueues(queueNames: string[], file: string): Promise<void>;
  /**
   * Messages in these queues (ready, delayed, in flight), asked of the server over its IPC channel:
   * the pollers' long polls fill the SDK's sockets, and a GetQueueAttributes per queue queued
   * behind them made a status take seconds under load.
   */
  queueDepth(queueNames: string[]): Promise<number>;
  isRunning(): boolean;
  /** Resolves with the exit code (or signal) when the server process ends, for whatever reason. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/** Start fauxqs in a child process (see aws-server-process.ts) and wait until it listens. */
export async function startAwsEmulator(port: number): Promise<AwsEmulator> {
  const child = fork(fileURLToPath(new URL('./aws-server-process.ts', import.meta.url)), [String(port)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // A send on a channel that just closed is reported here; without a listener it would crash us.
  child.on('error', () => undefined);
  let running = true;
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => ((running = false), resolve(signal ?? String(code)))),
  );
  const actualPort = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { type: string; port: number }) =>
      m.type === 'ready' ? resolve(m.port) : reject(new Error('unexpected message')),
    );
    void exited.then((code) => reject(new Error(`the SQS/S3 server exited during start-up (${code})`)));
  });
  let next = 0;
  const pending = new Map<number, (error?: string, result?: unknown) => void>();
  child.on('message', (m: { type: string; id?: number; error?: string; result?: unknown }) => {
    if (m.type === 'done' && m.id !== undefined) pending.get(m.id)?.(m.error, m.result);
  });
  /** One request over the IPC channel, answered by a `done` message with its id. */
  const ask = <T>(message: object) =>
    new Promise<T>((resolve, reject) => {
      if (!running || !child.connected) return reject(new Error('the SQS/S3 server is not running'));
      const id = next++;
      pending.set(id, (error, result) => (pending.delete(id), error ? reject(new Error(error)) : resolve(result as T)));
      child.send({ ...message, id }, (error) => {
        if (error) pending.get(id)?.(`the SQS/S3 server did not take the request (${error.message})`);
      });
    });
  void exited.then(() => {
    for (const settle of [...pending.values()]) settle('the SQS/S3 server exited before it answered');
  });
  return {
    endpoint: `http://127.0.0.1:${actualPort}`,
    isRunning: () => running,
    exited,
    snapshotQueues: (queueNames, file) => ask<void>({ type: 'snapshot', queueNames, file }),
    queueDepth: (queueNames) => ask<number>({ type: 'depth', queueNames }),
    stop: async () => {
      if (running && child.connected) child.send({ type: 'stop' }, () => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Write a state file so that a crash (kill -9) mid-write leaves the previous version, never a
 * truncated one the next start cannot parse.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  // A name no S3 key mirrored next to it can have in common with it.
  const partial = `${file}.${randomUUID()}.partial`;
  await writeFile(partial, data);
  await rename(partial, file);
}

interface ObjectMeta {
  key: string;
  etag: string;
  contentType: string | undefined;
  metadata: Record<string, string> | undefined;
}

/** Mirrors one bucket to a folder: `objects/<key>` plus `index.json` with etags and types. */
export class BucketMirror {
  private index = new Map<string, ObjectMeta>();

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly dir: string,
  ) {}

  private objectPath(key: string): string {
    const path = join(this.dir, 'objects', key);
    if (relative(join(this.dir, 'objects'), path).startsWith('..')) throw new Error(`Refusing to mirror key ${key}`);
    return path;
  }

  /** Upload what a previous run saved. */
  async restore(): Promise<number> {
    let saved: ObjectMeta[] = [];
    try {
      saved = JSON.parse(await readFile(join(this.dir, 'index.json'), 'utf8')) as ObjectMeta[];
    } catch {
      return 0;
    }
    for (const meta of saved) {
      const body = await readFile(this.objectPath(meta.key)).catch(() => undefined);
      if (!body) continue;
      const out = await this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: meta.key, Body: body, ContentType: meta.contentType, Metadata: meta.metadata }),
      );
      this.index.set(meta.key, { ...meta, etag: out.ETag ?? meta.etag });
    }
    return this.index.size;
  }

  /** Write new or changed objects to disk and forget deleted ones. */
  async sync(): Promise<void> {
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (!o.Key) continue;
        seen.add(o.Key);
        if (this.index.get(o.Key)?.etag === o.ETag) continue;
        const obj = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: o.Key }));
        const body = await obj.Body?.transformToByteArray();
        const path = this.objectPath(o.Key);
        await mkdir(dirname(path), { recursive: true });
        await writeFileAtomic(path, body ?? new Uint8Array());
        this.index.set(o.Key, { key: o.Key, etag: o.ETag ?? '', contentType: obj.ContentType, metadata: obj.Metadata });
      }
      token = page.NextContinuationToken;
    } while (token);
    for (const key of [...this.index.keys()]) {
      if (!seen.has(key)) {
        this.index.delete(key);
        await rm(this.objectPath(key), { force: true });
      }
    }
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(join(this.dir, 'index.json'), JSON.stringify([...this.index.values()]));
  }
}

export interface SavedMessage {
  body: string;
  attributes?: Record<string, { DataType: string; StringValue?: string }>;
}

function stringAttributes(attributes: SavedMessage['attributes']) {
  const entries = Object.entries(attributes ?? {}).filter(([, v]) => v.StringValue !== undefined);
  if (entries.length === 0) return {};
  return { MessageAttributes: Object.fromEntries(entries.map(([k, v]) => [k, { DataType: v.DataType, StringValue: v.StringValue }])) };
}

export async function restoreQueues(sqs: SQSClient, queueUrls: Map<string, string>, file: string): Promise<number> {
  let snapshot: Record<string, SavedMessage[]>;
  try {
    snapshot = JSON.parse(await readFile(file, 'utf8')) as Record<string, SavedMessage[]>;
  } catch {
    return 0;
  }
  let count = 0;
  for (const [name, messages] of Object.entries(snapshot)) {
    const url = queueUrls.get(name);
    if (!url) continue;
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: chunk.map((m, j) => ({ Id: String(j), MessageBody: m.body, ...stringAttributes(m.attributes) })),
        }),
      );
      count += chunk.length;
    }
  }
  return count;
}
