/**
 * Composition root: config + clients → adapters. Built once per cold start. The renderers are not
 * here: only the report builder adds them (build-report.handler.ts), so no other bundle carries them.
 */
import { randomUUID } from 'node:crypto';
import { documentClient, dynamoDbClient } from '../../shared/aws/dynamodb-client.ts';
import { s3Client } from '../../shared/aws/s3-client.ts';
import { sqsClient } from '../../shared/aws/sqs-client.ts';
import { lazily } from '../../shared/config.ts';
import { makeIdempotency } from '../../shared/http/idempotency.ts';
import { DynamoDbAggregateStore } from './adapters/outbound/dynamodb-aggregate-store.ts';
import { DynamoDbReportRepository } from './adapters/outbound/dynamodb-report-repository.ts';
import { DynamoDbPlanStore } from './adapters/outbound/dynamodb-plan-store.ts';
import { S3ReportFiles } from './adapters/outbound/s3-report-files.ts';
import { SqsReportQueue } from './adapters/outbound/sqs-report-queue.ts';
import type { ReportingDeps } from './app/ports.ts';
import { config } from './config.ts';
import { now } from '../../shared/time/clock.ts';

export function buildDeps(): ReportingDeps {
  const c = config();
  // Built on first use: most reporting functions never call S3 or SQS.
  return lazily<ReportingDeps>({
    store: () => new DynamoDbAggregateStore(documentClient(), c.recordsTable),
    plans: () => new DynamoDbPlanStore(documentClient(), c.recordsTable),
    reports: () => new DynamoDbReportRepository(documentClient(), c.recordsTable),
    files: () => new S3ReportFiles(s3Client(), c.bucket),
    queue: () => new SqsReportQueue(sqsClient(), c.buildQueueUrl),
    now: () => now,
    newId: () => randomUUID,
  });
}

export const buildIdempotency = () => makeIdempotency(dynamoDbClient(), config().idempotencyTable);
