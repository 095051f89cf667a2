import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ChunkQueue, RawRow, ReadQueue } from '../../app/ports.ts';

/** Chunks of an import travel as plain messages on the service's own import-chunks queue. */
export class SqsChunkQueue implements ChunkQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: { importId: string; chunk: number; rows: RawRow[] }): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }));
  }
}

/** "Continue reading" messages travel on the reader's own queue (import-files), next to S3's notifications. */
export class SqsReadQueue implements ReadQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async continueReading(importId: string, opts: { delaySeconds: number; retry: boolean }): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify({ continueReading: importId, retry: opts.retry }),
        // SQS delays a message by at most 15 minutes.
        DelaySeconds: Math.min(900, Math.max(0, Math.ceil(opts.delaySeconds))),
      }),
    );
  }
}
