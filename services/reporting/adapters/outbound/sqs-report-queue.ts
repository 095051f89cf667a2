import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ReportQueue } from '../../app/ports.ts';

/** Report jobs travel as `{ reportId }` on the service's own build queue. */
export class SqsReportQueue implements ReportQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(reportId: string): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify({ reportId }) }));
  }
}
