import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ChunkQueue, RawRow } from '../../app/ports.ts';

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
