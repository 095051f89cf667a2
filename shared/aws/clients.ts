/**
 * Every AWS SDK client factory in one import, for scripts, seeds and tests. Handlers import the
 * one module per client they use (dynamodb-client.ts, sqs-client.ts, s3-client.ts, lambda-client.ts), so that a function's
 * bundle carries no SDK client it does not call; see endpoints.ts.
 */
import { documentClient } from './dynamodb-client.ts';
import { lambdaClient } from './lambda-client.ts';
import { s3Client } from './s3-client.ts';
import { sesV2Client } from './sesv2-client.ts';
import { sqsClient } from './sqs-client.ts';

export type { AwsEndpoints } from './endpoints.ts';
export { makeDocumentClient, makeDynamoDbClient } from './dynamodb-client.ts';
export { makeLambdaClient } from './lambda-client.ts';
export { makeS3Client } from './s3-client.ts';
export { makeSesV2Client } from './sesv2-client.ts';
export { makeSqsClient } from './sqs-client.ts';

/** Clients shared by every handler in a process: created on first use, reused across invocations. */
export const clients = { dynamo: documentClient, sqs: sqsClient, s3: s3Client, lambda: lambdaClient, sesv2: sesV2Client };
