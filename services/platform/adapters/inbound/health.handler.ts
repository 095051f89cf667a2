import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { makeDynamoDbClient } from '../../../../shared/aws/dynamodb-client.ts';
import { makeS3Client } from '../../../../shared/aws/s3-client.ts';
import { makeSqsClient } from '../../../../shared/aws/sqs-client.ts';
import { parseEnv, required } from '../../../../shared/config.ts';
import { makeHealthHandler } from './health.ts';

const env = parseEnv(z.object({ DOCUMENTS_BUCKET: required() }));
const dynamodb = makeDynamoDbClient();
const sqs = makeSqsClient();
const s3 = makeS3Client();

export const handler = makeHealthHandler({
  dynamodb: async () => void (await dynamodb.send(new ListTablesCommand({ Limit: 1 }))),
  sqs: async () => void (await sqs.send(new ListQueuesCommand({ MaxResults: 1 }))),
  // Listing under its own prefix: the one S3 read this function is granted.
  s3: async () => void (await s3.send(new ListObjectsV2Command({ Bucket: env.DOCUMENTS_BUCKET, Prefix: 'platform/', MaxKeys: 1 }))),
});
