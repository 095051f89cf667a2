/**
 * Where the AWS SDK clients point. In AWS nothing is configured: the SDK takes region and
 * credentials from the Lambda environment. Locally the runtime sets `AWS_ENDPOINT_URL_<SERVICE>`
 * (the SDK's own variable names) and the client factories add what the emulators need (path-style
 * S3, fixed dummy credentials), so the same code paths run in both places.
 *
 * One module per client (dynamodb-client.ts, sqs-client.ts, s3-client.ts, lambda-client.ts, sesv2-client.ts): a function's bundle carries only
 * the SDK clients its handler imports. clients.ts gathers them for scripts and tests.
 */
import * as z from 'zod';
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

export const endpoints = once(() => parseEnv(endpointsSchema));

export const local = (endpoint: string | undefined, region: string | undefined) =>
  endpoint ? { endpoint, region: region ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {};
