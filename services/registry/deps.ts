/** Composition root: config + clients → adapters. Built once per cold start. */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { documentClient } from '../../shared/aws/dynamodb-client.ts';
import { s3Client } from '../../shared/aws/s3-client.ts';
import { sqsClient } from '../../shared/aws/sqs-client.ts';
import { DynamoDbEnterpriseRepository } from './adapters/outbound/dynamodb-enterprise-repository.ts';
import { DynamoDbLinkRepository } from './adapters/outbound/dynamodb-link-repository.ts';
import { DynamoDbImportRepository } from './adapters/outbound/dynamodb-import-repository.ts';
import { S3ImportFiles } from './adapters/outbound/s3-import-files.ts';
import { SqsChunkQueue, SqsReadQueue } from './adapters/outbound/sqs-chunk-queue.ts';
import type { ImportDeps } from './app/imports.ts';
import type { LinkDeps, PersonRefKey, RegistryDeps, WebhookSecret } from './app/ports.ts';
import { config, personRefKeySource, webhookSecretSource } from './config.ts';
import { personRefOf } from './domain/person-ref.ts';
import { now } from '../../shared/time/clock.ts';

export function buildRegistryDeps(): RegistryDeps {
  return { enterprises: new DynamoDbEnterpriseRepository(documentClient(), config().enterprisesTable, buildPersonRefKey(), now), now };
}

/** People's links to enterprises: the profiles (legal representatives' refs), the links, the person-ref key. */
export function buildLinkDeps(): LinkDeps {
  const c = config();
  return {
    enterprises: new DynamoDbEnterpriseRepository(documentClient(), c.enterprisesTable, buildPersonRefKey(), now),
    links: new DynamoDbLinkRepository(documentClient(), c.enterprisesTable),
    personRefKey: buildPersonRefKey(),
    now,
  };
}

export function buildImportDeps(): ImportDeps {
  const c = config();
  return {
    ...buildRegistryDeps(),
    imports: new DynamoDbImportRepository(documentClient(), c.importsTable),
    files: new S3ImportFiles(s3Client(), c.bucket),
    chunks: new SqsChunkQueue(sqsClient(), c.chunkQueueUrl),
    reads: new SqsReadQueue(sqsClient(), c.readQueueUrl),
    ...(c.importStallMs !== undefined ? { stallMs: c.importStallMs } : {}),
  };
}

/** The webhook secret, cached for five minutes so a rotation is picked up without a deploy. */
export function buildWebhookSecret(): WebhookSecret {
  const source = webhookSecretSource();
  if (source.kind === 'local') return { get: async () => source.value };
  return {
    get: async () => {
      const value: unknown = await getSecret(source.arn, { maxAge: 300 });
      if (typeof value !== 'string' || value.length < 16) throw new Error('the webhook secret is missing or too short');
      return value;
    },
  };
}

/**
 * The person-ref key, read on first use (so reads, which never store people, need no access to it)
 * and cached for five minutes like the webhook secret. It is not meant to rotate: see README.
 */
export function buildPersonRefKey(): PersonRefKey {
  let cached: { key: string; refOf: ReturnType<typeof personRefOf> } | undefined;
  const keyed = (key: string) => {
    if (cached?.key !== key) cached = { key, refOf: personRefOf(key) };
    return cached.refOf;
  };
  return {
    refOf: async () => {
      const source = personRefKeySource();
      if (source.kind === 'local') return keyed(source.value);
      const value: unknown = await getSecret(source.arn, { maxAge: 300 });
      if (typeof value !== 'string' || value.length < 32) throw new Error('the person-ref key is missing or too short');
      return keyed(value);
    },
  };
}
