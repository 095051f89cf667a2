/**
 * AWS SDK clients. In AWS nothing is configured: the SDK takes region and credentials from the
 * Lambda environment. Locally the runtime sets `AWS_ENDPOINT_URL_<SERVICE>` (the SDK's own
 * variable names) and this factory adds what the emulators need (path-style S3, fixed dummy
 * credentials), so the same code paths run in both places.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { once, parseEnv } from '../config.ts';

const endpointsSchema = z.object({
  AWS_ENDPOINT_URL_DYNAMODB: z.url().optional(),
  AWS_ENDPOINT_URL_SQS: z.url().optional(),
  AWS_ENDPOINT_URL_S3: z.url().optional(),
  AWS_ENDPOINT_URL_LAMBDA: z.url().optional(),
  AWS_ENDPOINT_URL_SESV2: z.url().optional(),
  AWS_REGION: z.string().min(1).optional(),
});

export type AwsEndpoints = z.infer<typeof endpointsSchema>;

const endpoints = once(() => parseEnv(endpointsSchema));

const local = (endpoint: string | undefined, region: string | undefined) =>
  endpoint ? { endpoint, region: region ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {};

export function makeDynamoDbClient(env: AwsEndpoints = endpoints()): DynamoDBClient {
  return new DynamoDBClient({ ...local(env.AWS_ENDPOINT_URL_DYNAMODB, env.AWS_REGION), maxAttempts: 5 });
}

export function makeDocumentClient(env: AwsEndpoints = endpoints()): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(makeDynamoDbClient(env), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export function makeSqsClient(env: AwsEndpoints = endpoints()): SQSClient {
  // The local server answers with `sqs.<region>.localhost` queue URLs: always call the endpoint.
  return new SQSClient({ ...local(env.AWS_ENDPOINT_URL_SQS, env.AWS_REGION), useQueueUrlAsEndpoint: false });
}

/**
 * The S3 client. Checksums only when required: with the SDK default a presigned PUT carries the
 * CRC32 of an empty body (`x-amz-checksum-crc32=AAAAAA==`) and real S3 rejects every upload.
 * The emulator does not check it, so a unit test asserts presigned URLs carry no checksum.
 */
export function makeS3Client(env: AwsEndpoints = endpoints()): S3Client {
  return new S3Client({
    ...local(env.AWS_ENDPOINT_URL_S3, env.AWS_REGION),
    forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** For internal functions of other services (manifest `functions`); locally the runtime's Invoke API. */
export function makeLambdaClient(env: AwsEndpoints = endpoints()): LambdaClient {
  return new LambdaClient({ ...local(env.AWS_ENDPOINT_URL_LAMBDA, env.AWS_REGION), maxAttempts: 3 });
}

/**
 * Amazon SES (API v2), for functions that send mail (`sendsMail`). Locally the runtime's gateway
 * answers SendEmail itself and keeps the message in its mail sink (`GET /local/mail`).
 */
export function makeSesV2Client(env: AwsEndpoints = endpoints()): SESv2Client {
  return new SESv2Client({ ...local(env.AWS_ENDPOINT_URL_SESV2, env.AWS_REGION) });
}

/** Clients shared by every handler in a process: created on first use, reused across invocations. */
export const clients = {
  dynamo: once(() => makeDocumentClient()),
  sqs: once(() => makeSqsClient()),
  s3: once(() => makeS3Client()),
  lambda: once(() => makeLambdaClient()),
  sesv2: once(() => makeSesV2Client()),
};
