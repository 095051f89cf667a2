/** The DynamoDB clients (see endpoints.ts). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { once } from '../config.ts';
import { type AwsEndpoints, endpoints, local } from './endpoints.ts';

export function makeDynamoDbClient(env: AwsEndpoints = endpoints()): DynamoDBClient {
  return new DynamoDBClient({ ...local(env.AWS_ENDPOINT_URL_DYNAMODB, env.AWS_REGION), maxAttempts: 5 });
}

export function makeDocumentClient(env: AwsEndpoints = endpoints()): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(makeDynamoDbClient(env), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** The document client shared by every handler in a process: created on first use, reused across invocations. */
export const documentClient = once(() => makeDocumentClient());
