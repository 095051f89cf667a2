/** The Lambda client, for internal functions of other services (manifest `functions`); locally the runtime's Invoke API. */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { once } from '../config.ts';
import { type AwsEndpoints, endpoints, local } from './endpoints.ts';

export function makeLambdaClient(env: AwsEndpoints = endpoints()): LambdaClient {
  return new LambdaClient({ ...local(env.AWS_ENDPOINT_URL_LAMBDA, env.AWS_REGION), maxAttempts: 3 });
}

/** Shared by every handler in a process: created on first use, reused across invocations. */
export const lambdaClient = once(() => makeLambdaClient());
