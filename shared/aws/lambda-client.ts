/** The Lambda client, for internal functions of other services (manifest `functions`); locally the runtime's Invoke API. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { once } from '../config.ts';
import { type AwsEndpoints, endpoints, local } from './endpoints.ts';

export function makeLambdaClient(env: AwsEndpoints = endpoints()): LambdaClient {
  return new LambdaClient({ ...local(env.AWS_ENDPOINT_URL_LAMBDA, env.AWS_REGION), maxAttempts: 3 });
}

/** Shared by every handler in a process: created on first use, reused across invocations. */
export const lambdaClient = once(() => makeLambdaClient());

/**
 * Invoke another service's internal function (request/response) with a JSON payload and parse its
 * answer with `schema`; the function's own error (FunctionError) is thrown, named by `what`.
 */
export async function invokeInternal<T>(
  lambda: LambdaClient,
  functionName: string,
  payload: unknown,
  schema: { parse(value: unknown): T },
  what: string,
): Promise<T> {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
  );
  if (out.FunctionError) throw new Error(`${what} failed: ${out.FunctionError}`);
  return schema.parse(JSON.parse(new TextDecoder().decode(out.Payload)));
}
