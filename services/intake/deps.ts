/** Composition root: config + clients → adapters. Built once per cold start. */
import { randomUUID } from 'node:crypto';
import { documentClient, makeDynamoDbClient } from '../../shared/aws/dynamodb-client.ts';
import { lambdaClient } from '../../shared/aws/lambda-client.ts';
import { s3Client } from '../../shared/aws/s3-client.ts';
import { makeIdempotency } from '../../shared/http/idempotency.ts';
import { DynamoDbIntakeRepository } from './adapters/outbound/dynamodb-intake-repository.ts';
import { S3DocumentStore } from './adapters/outbound/s3-document-store.ts';
import type { IntakeDeps } from './app/ports.ts';
import { enterpriseLinksFunction, LambdaEnterpriseLinks } from '../../shared/registry-links/enterprise-links.ts';
import { config } from './config.ts';
import { now } from '../../shared/time/clock.ts';

export function buildDeps(): IntakeDeps {
  const c = config();
  return {
    repo: new DynamoDbIntakeRepository(documentClient(), c.recordsTable, c.outboxTable),
    documents: new S3DocumentStore(s3Client(), c.bucket),
    links: new LambdaEnterpriseLinks(lambdaClient(), enterpriseLinksFunction),
    now,
    newId: randomUUID,
  };
}

export const buildIdempotency = () => makeIdempotency(makeDynamoDbClient(), config().idempotencyTable);
