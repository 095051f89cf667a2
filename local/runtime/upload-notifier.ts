/**
 * S3 event notifications, locally: the S3 server here has none, so the runtime watches each
 * declared prefix of the documents bucket and sends an `ObjectCreated:Put` notification — the
 * JSON S3 itself sends to SQS — to the consumer's queue for every new or replaced object.
 */
import { readFile } from 'node:fs/promises';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { writeFileAtomic } from './aws-emulator.ts';

export interface UploadWatch {
  prefix: string;
  queueUrl: string;
}

/** S3 URL-encodes keys in notifications, with `+` for spaces. */
const encodeKey = (key: string) => encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');

export function s3Notification(bucket: string, key: string, size: number, eTag: string, at: Date) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: at.toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeKey(key), size, eTag: eTag.replace(/"/g, '') },
        },
      },
    ],
  };
}

export async function startUploadNotifier(opts: {
  s3: S3Client;
  sqs: SQSClient;
  bucket: string;
  watches: UploadWatch[];
  /** Where seen objects are remembered across restarts (persisted runtimes only). */
  stateFile?: string;
  intervalMs?: number;
  /**
   * Runs before new uploads are announced: a persisted runtime saves them to disk first, so a
   * kill -9 after a consumer starts on a file never loses the file (S3 itself keeps it in AWS).
   */
  beforeNotify?: () => Promise<void>;
  onError: (error: unknown, context: string) => void;
}): Promise<{ stop(): Promise<void> }> {
  const seen = new Map<string, string>(
    opts.stateFile ? (JSON.parse(await readFile(opts.stateFile, 'utf8').catch(() => '[]')) as [string, string][]) : [],
  );
  let running = true;
  let timer: NodeJS.Timeout | undefined;

  const scan = async () => {
    const fresh: { queueUrl: string; key: string; eTag: string; body: string }[] = [];
    for (const watch of opts.watches) {
      let token: string | undefined;
      do {
        const page = await opts.s3.send(new ListObjectsV2Command({ Bucket: opts.bucket, Prefix: watch.prefix, ContinuationToken: token }));
        for (const o of page.Contents ?? []) {
          if (!o.Key || !o.ETag || seen.get(o.Key) === o.ETag) continue;
          const body = s3Notification(opts.bucket, o.Key, o.Size ?? 0, o.ETag, o.LastModified ?? new Date());
          fresh.push({ queueUrl: watch.queueUrl, key: o.Key, eTag: o.ETag, body: JSON.stringify(body) });
        }
        token = page.NextContinuationToken;
      } while (token);
    }
    if (fresh.length > 0 && opts.beforeNotify) await opts.beforeNotify();
    for (const f of fresh) {
      await opts.sqs.send(new SendMessageCommand({ QueueUrl: f.queueUrl, MessageBody: f.body }));
      seen.set(f.key, f.eTag);
    }
    const changed = fresh.length > 0;
    if (changed && opts.stateFile) await writeFileAtomic(opts.stateFile, JSON.stringify([...seen]));
  };

  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = scan()
      .catch((error: unknown) => void (running && opts.onError(error, 'upload notifications')))
      .finally(() => {
        if (running) timer = setTimeout(tick, opts.intervalMs ?? 300);
      });
  };
  tick();
  return {
    stop: async () => {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}
