/** Clients for the integration run's local servers, and throwaway resources per test. */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { makeS3Client } from '../../shared/aws/clients.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function localClients() {
  const { endpoints } = inject('runtime');
  const db = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'us-east-1', credentials });
  return {
    db,
    doc: DynamoDBDocumentClient.from(db),
    streams: new DynamoDBStreamsClient({ endpoint: endpoints.dynamodb, region: 'us-east-1', credentials }),
    sqs: new SQSClient({ endpoint: endpoints.sqs, region: 'us-east-1', credentials, useQueueUrlAsEndpoint: false }),
    s3: makeS3Client({ AWS_ENDPOINT_URL_S3: endpoints.s3, AWS_REGION: 'us-east-1' }),
  };
}

export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function createTable(db: DynamoDBClient, name: string, opts: { sortKey?: boolean; stream?: boolean; pk?: string } = {}) {
  const pk = opts.pk ?? 'pk';
  await db.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: pk, AttributeType: 'S' },
        ...(opts.sortKey ? [{ AttributeName: 'sk', AttributeType: 'S' as const }] : []),
      ],
      KeySchema: [{ AttributeName: pk, KeyType: 'HASH' }, ...(opts.sortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : [])],
      ...(opts.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } : {}),
    }),
  );
  return name;
}

export async function createQueue(sqs: SQSClient, name: string): Promise<string> {
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  return out.QueueUrl!;
}
