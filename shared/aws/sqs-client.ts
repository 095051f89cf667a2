/** The SQS client (see endpoints.ts). */
import { SQSClient } from '@aws-sdk/client-sqs';
import { once } from '../config.ts';
import { type AwsEndpoints, endpoints, local } from './endpoints.ts';

export function makeSqsClient(env: AwsEndpoints = endpoints()): SQSClient {
  // The local server answers with `sqs.<region>.localhost` queue URLs: always call the endpoint.
  return new SQSClient({ ...local(env.AWS_ENDPOINT_URL_SQS, env.AWS_REGION), useQueueUrlAsEndpoint: false });
}

/** Shared by every handler in a process: created on first use, reused across invocations. */
export const sqsClient = once(() => makeSqsClient());
