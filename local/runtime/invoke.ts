/**
 * Invoking a handler module the way Lambda does: the module is imported on first use (a cold
 * start, which runs its composition root once) and its `handler` export is called with the event
 * and a Lambda-shaped context.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const modules = new Map<string, Promise<Handler>>();

function load(path: string): Promise<Handler> {
  let mod = modules.get(path);
  if (!mod) {
    mod = import(pathToFileURL(path).href).then((m: { handler?: unknown }) => {
      if (typeof m.handler !== 'function') throw new Error(`${path} does not export a handler function`);
      return m.handler as Handler;
    });
    // A module that failed to load (e.g. bad config) is retried on the next invocation, as Lambda does.
    mod.catch(() => modules.delete(path));
    modules.set(path, mod);
  }
  return mod;
}

export function lambdaContext(functionName: string, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Concurrent executions per function, like Lambda's reserved concurrency: further invocations
 * wait their turn. On one machine this also keeps the local servers from thrashing under load.
 * LOCAL_FUNCTION_CONCURRENCY sets it (default 8; 0 = no limit).
 */
const LIMIT = Number(process.env.LOCAL_FUNCTION_CONCURRENCY ?? '8');
const running = new Map<string, number>();
const waiting = new Map<string, (() => void)[]>();

async function acquire(fn: string): Promise<void> {
  if (LIMIT <= 0) return;
  if ((running.get(fn) ?? 0) < LIMIT) {
    running.set(fn, (running.get(fn) ?? 0) + 1);
    return;
  }
  await new Promise<void>((resolve) => {
    const queue = waiting.get(fn) ?? [];
    queue.push(resolve);
    waiting.set(fn, queue);
  });
}

function release(fn: string): void {
  if (LIMIT <= 0) return;
  const next = waiting.get(fn)?.shift();
  if (next) next();
  else running.set(fn, (running.get(fn) ?? 1) - 1);
}

/**
 * Lambda throttled the invocation: the function is running as many times as its reserved
 * concurrency allows. Only for functions invoked with a `reserved` limit; `retryAfterSeconds` is
 * about how long a running invocation of it takes.
 */
export class FunctionThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Rate Exceeded');
  }
}

/** Mean duration per function, for a throttled caller's Retry-After. */
const meanMs = new Map<string, number>();

/**
 * With `reserved`, the function never runs more than that many times at once and an invocation
 * beyond it is refused at once (FunctionThrottledError), as Lambda does with reserved concurrency
 * — it does not queue. Without, the shared per-function limit above applies and callers wait.
 */
export async function invoke(
  path: string,
  functionName: string,
  event: unknown,
  timeoutSeconds: number,
  opts: { reserved?: number } = {},
): Promise<unknown> {
  if (opts.reserved !== undefined) return invokeReserved(path, functionName, event, timeoutSeconds, opts.reserved);
  await acquire(functionName);
  try {
    return await execute(path, functionName, event, timeoutSeconds);
  } finally {
    release(functionName);
  }
}

async function execute(path: string, functionName: string, event: unknown, timeoutSeconds: number): Promise<unknown> {
  const handler = await load(path);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${functionName} timed out after ${timeoutSeconds} s`)), timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([handler(event, lambdaContext(functionName, timeoutSeconds)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function invokeReserved(path: string, functionName: string, event: unknown, timeoutSeconds: number, reserved: number) {
  const inUse = running.get(functionName) ?? 0;
  if (inUse >= reserved) {
    // About one invocation's time, spread up to twice that so refused callers do not return together.
    throw new FunctionThrottledError(Math.max(1, Math.ceil(((meanMs.get(functionName) ?? 1000) * (1 + Math.random())) / 1000)));
  }
  running.set(functionName, inUse + 1);
  const started = Date.now();
  try {
    return await execute(path, functionName, event, timeoutSeconds);
  } finally {
    running.set(functionName, (running.get(functionName) ?? 1) - 1);
    meanMs.set(functionName, 0.8 * (meanMs.get(functionName) ?? Date.now() - started) + 0.2 * (Date.now() - started));
  }
}
