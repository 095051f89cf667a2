/** Composition root: config + clients → adapters. Built once per cold start. */
import { randomUUID } from 'node:crypto';
import { clients, makeDynamoDbClient } from '../../shared/aws/clients.ts';
import { makeIdempotency } from '../../shared/http/idempotency.ts';
import { DynamoDbAggregateStore } from './adapters/outbound/dynamodb-aggregate-store.ts';
import { DynamoDbReportRepository } from './adapters/outbound/dynamodb-report-repository.ts';
import { noPlansYet } from './adapters/outbound/plan-allocations.ts';
import { renderers } from './adapters/outbound/render/index.ts';
import { S3ReportFiles } from './adapters/outbound/s3-report-files.ts';
import { SqsReportQueue } from './adapters/outbound/sqs-report-queue.ts';
import type { ReportingDeps } from './app/ports.ts';
import { config } from './config.ts';
import { now } from '../../shared/time/clock.ts';

export function buildDeps(): ReportingDeps {
  const c = config();
  return {
    store: new DynamoDbAggregateStore(clients.dynamo(), c.recordsTable),
    allocations: noPlansYet,
    reports: new DynamoDbReportRepository(clients.dynamo(), c.recordsTable),
    files: new S3ReportFiles(clients.s3(), c.bucket),
    queue: new SqsReportQueue(clients.sqs(), c.buildQueueUrl),
    render: renderers,
    now,
    newId: randomUUID,
  };
}

export const buildIdempotency = () => makeIdempotency(makeDynamoDbClient(), config().idempotencyTable);
