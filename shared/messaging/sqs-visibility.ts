/** Bringing a received message back sooner (for {@link eventConsumer}'s `retrySoon`): SQS ChangeMessageVisibility. */
import { ChangeMessageVisibilityCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from '../aws/sqs-client.ts';
import type { RetrySoon } from './consumer.ts';

/** The queue's URL from the record's ARN (`arn:aws:sqs:<region>:<account>:<name>`), then the new visibility. */
export const changeVisibility: RetrySoon = async (record, seconds) => {
  const [, , , , account, name] = record.eventSourceARN.split(':');
  const sqs = sqsClient();
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }));
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: seconds }));
};
