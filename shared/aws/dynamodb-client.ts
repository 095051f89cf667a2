/** The DynamoDB clients (see endpoints.ts). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { once } from '../config.ts';
import { type AwsEndpoints, endpoints, local } from './endpoints.ts';

export function makeDynamoDbClient(env: AwsEndpoints = endpoints()): DynamoDBClient {
  return new DynamoDBClient({ ...local(env.AWS_ENDPOINT_URL_DYNAMODB, env.AWS_REGION), maxAttempts: 5 });
}

export function makeDocumentClient(env: AwsEndpoints = endpoints()): DynamoDBDocumentClient {
  return documentClientOf(makeDynamoDbClient(env));
}

const documentClientOf = (client: DynamoDBClient) =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });

/**
 * The DynamoDB client shared by every handler in a process (created on first use, reused across
 * invocations): the document client wraps it and the idempotency layer uses it, so a function
 * builds one client and keeps one pool of connections.
 */
export const dynamoDbClient = once(() => makeDynamoDbClient());

/** The document client shared by every handler in a process, over {@link dynamoDbClient}. */
export const documentClient = once(() => documentClientOf(dynamoDbClient()));
