/**
 * Creates, from the manifests, what the CDK's stateful stack creates in AWS: each service's
 * tables (with their GSIs and TTL), its outbox table (with a NEW_IMAGE stream) and idempotency
 * table, a queue and DLQ per consumer, and the documents bucket. Idempotent: existing resources
 * are kept, so a persisted runtime starts where it stopped.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DEFAULT_TIMEOUT_SECONDS, hasOutbox, localNames, type ServiceManifest, type TableSpec } from '../../shared/manifest.ts';

export const LOCAL_BUCKET = 'sme-support-documents';

export interface ProvisionedQueue {
  service: string;
  consumer: string;
  name: string;
  url: string;
  dlqName: string;
  dlqUrl: string;
}

export interface ProvisionedStreamConsumer {
  service: string;
  consumer: string;
  table: string;
  dlqUrl: string;
}

export interface Provisioned {
  tables: string[];
  streamConsumers: ProvisionedStreamConsumer[];
  outboxTables: { service: string; table: string }[];
  queues: ProvisionedQueue[];
  relayDlqs: Map<string, string>;
  bucket: string;
}

function tableInput(name: string, spec: Omit<TableSpec, 'name'>, stream: TableSpec['stream']): CreateTableCommandInput {
  const attrs = new Map<string, string>();
  const keys = [spec.partitionKey, spec.sortKey, ...(spec.globalIndexes ?? []).flatMap((g) => [g.partitionKey, g.sortKey])];
  for (const k of keys) if (k) attrs.set(k.name, k.type);
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType: AttributeType as 'S' | 'N',
    })),
    KeySchema: [
      { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
      ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    ...(spec.globalIndexes?.length
      ? {
          GlobalSecondaryIndexes: spec.globalIndexes.map((g) => ({
            IndexName: g.name,
            KeySchema: [
              { AttributeName: g.partitionKey.name, KeyType: 'HASH' as const },
              ...(g.sortKey ? [{ AttributeName: g.sortKey.name, KeyType: 'RANGE' as const }] : []),
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
    ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } } : {}),
  };
}

async function ensureTable(db: DynamoDBClient, input: CreateTableCommandInput, ttl?: string): Promise<void> {
  try {
    await db.send(new CreateTableCommand(input));
    if (ttl) {
      await db.send(
        new UpdateTimeToLiveCommand({ TableName: input.TableName, TimeToLiveSpecification: { AttributeName: ttl, Enabled: true } }),
      );
    }
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await db.send(new DescribeTableCommand({ TableName: input.TableName }));
  }
}

async function ensureQueue(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!out.QueueUrl) throw new Error(`No URL for queue ${name}`);
  return out.QueueUrl;
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = out.Attributes?.QueueArn;
  if (!arn) throw new Error(`No ARN for queue ${url}`);
  return arn;
}

export async function provision(
  clients: { db: DynamoDBClient; sqs: SQSClient; s3: S3Client },
  manifests: readonly ServiceManifest[],
): Promise<Provisioned> {
  const result: Provisioned = { tables: [], streamConsumers: [], outboxTables: [], queues: [], relayDlqs: new Map(), bucket: LOCAL_BUCKET };
  for (const m of manifests) {
    for (const t of m.tables) {
      const name = localNames.table(m.name, t.name);
      await ensureTable(clients.db, tableInput(name, t, t.stream), t.timeToLive);
      result.tables.push(name);
    }
    for (const sc of m.streamConsumers ?? []) {
      const dlqUrl = await ensureQueue(clients.sqs, localNames.streamDlq(m.name, sc.name), { MessageRetentionPeriod: '1209600' });
      result.streamConsumers.push({ service: m.name, consumer: sc.name, table: localNames.table(m.name, sc.table), dlqUrl });
    }
    if (hasOutbox(m)) {
      const name = localNames.outboxTable(m.name);
      await ensureTable(clients.db, tableInput(name, { partitionKey: { name: 'id', type: 'S' } }, 'NEW_IMAGE'), 'expiresAt');
      result.tables.push(name);
      result.outboxTables.push({ service: m.name, table: name });
      const dlqName = localNames.relayDlq(m.name);
      result.relayDlqs.set(m.name, await ensureQueue(clients.sqs, dlqName, { MessageRetentionPeriod: '1209600' }));
    }
    if (m.idempotentWrites) {
      const name = localNames.idempotencyTable(m.name);
      await ensureTable(clients.db, tableInput(name, { partitionKey: { name: 'id', type: 'S' } }, undefined), 'expiration');
      result.tables.push(name);
    }
    for (const c of m.consumers) {
      const dlqName = localNames.dlq(m.name, c.name);
      const dlqUrl = await ensureQueue(clients.sqs, dlqName, {
        MessageRetentionPeriod: '1209600',
        // A DLQ with its own consumer hides a message while that consumer runs (as in infra/).
        ...(c.deadLetters ? { VisibilityTimeout: String(6 * (c.deadLetters.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS)) } : {}),
      });
      const name = localNames.queue(m.name, c.name);
      const url = await ensureQueue(clients.sqs, name, {
        VisibilityTimeout: String(c.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await queueArn(clients.sqs, dlqUrl), maxReceiveCount: c.maxReceiveCount }),
      });
      result.queues.push({ service: m.name, consumer: c.name, name, url, dlqName, dlqUrl });
    }
  }
  await clients.s3.send(new CreateBucketCommand({ Bucket: LOCAL_BUCKET })).catch((error: { name?: string }) => {
    if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
  });
  return result;
}
