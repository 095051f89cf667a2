/**
 * The one way an HTTP Lambda handler is built. The route spec from the service manifest drives
 * everything: its roles are enforced, its zod schemas validate the body, query and path, and its
 * result is serialised. Errors are mapped to problem+json in one place (the middy onError below).
 *
 * Order: logging context first, then the error mapper (wraps everything after it), then auth and
 * validation inside the handler body, then the use case.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import {
  DomainError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
  toProblem,
  type FieldError,
} from '../errors.ts';
import type { RouteSpec } from '../manifest.ts';
import { loggerFor } from '../observability.ts';
import { authorize, type Principal } from './auth.ts';

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface HttpRequest<R extends RouteSpec> {
  body: Infer<NonNullable<R['request']>['body']>;
  query: Infer<NonNullable<R['request']>['query']>;
  params: Infer<NonNullable<R['request']>['params']>;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** Present on `jwt` routes. */
  principal: R['auth'] extends { kind: 'jwt' } ? Principal : undefined;
  requestId: string;
  /** The raw body text, for handlers that verify signatures over it. */
  rawBody: string;
  event: APIGatewayProxyEventV2;
  /** The Lambda context (remaining time, request id) of this invocation. */
  context: Context | undefined;
}

export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body sent as it is, not as JSON (e.g. a `text/calendar` file); `headers` gives its content-type. */
  text?: string;
}

/** Largest JSON body a route accepts unless it says otherwise (API Gateway's own cap is 10 MB). */
export const DEFAULT_MAX_BODY_BYTES = 1_000_000;

const issuesToFields = (error: z.ZodError, prefix: string): FieldError[] =>
  error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message }));

function parseWith<S extends z.ZodType | undefined>(schema: S, value: unknown, prefix: string, errors: FieldError[]) {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  errors.push(...issuesToFields(r.error, prefix));
  return undefined;
}

function readBody(event: APIGatewayProxyEventV2, maxBytes: number): string {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new PayloadTooLargeError(`The body is larger than ${maxBytes} bytes`);
  }
  return text;
}

function parseJson(text: string, event: APIGatewayProxyEventV2): unknown {
  const type = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new UnsupportedMediaTypeError('Send the body as application/json', {
      errors: [{ path: 'header.content-type', message: `expected application/json, got ${type || 'nothing'}` }],
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('The body is not valid JSON', { errors: [{ path: 'body', message: 'not valid JSON' }] });
  }
}

/** Validate and type a request against its route spec; every bad field is listed at once. */
export function parseRequest<R extends RouteSpec>(
  route: R,
  event: APIGatewayProxyEventV2,
  maxBodyBytes: number,
  rawBody: string = readBody(event, maxBodyBytes),
  context?: Context,
): HttpRequest<R> {
  const principal = authorize(event, route.auth);
  const errors: FieldError[] = [];
  const bodySchema = route.request?.body;
  const body = bodySchema ? parseWith(bodySchema, parseJson(rawBody, event), 'body', errors) : undefined;
  const query = parseWith(route.request?.query, event.queryStringParameters ?? {}, 'query', errors);
  const params = parseWith(route.request?.params, event.pathParameters ?? {}, 'path', errors);
  if (errors.length > 0) throw new ValidationError(`${errors.length} field(s) are invalid`, { errors });
  return {
    body,
    query,
    params,
    headers: event.headers,
    principal,
    requestId: event.requestContext.requestId,
    rawBody,
    event,
    context,
  } as HttpRequest<R>;
}

export function toResponse(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  if (result.text !== undefined) return { statusCode: result.status, headers: { ...result.headers }, body: result.text };
  return {
    statusCode: result.status,
    headers: { ...(result.body !== undefined ? { 'content-type': 'application/json' } : {}), ...result.headers },
    ...(result.body !== undefined ? { body: JSON.stringify(result.body) } : {}),
  };
}

/**
 * Build a Lambda handler for `route`. `handle` receives the validated request and returns the
 * result; it throws `DomainError`s for anything the caller should be told about.
 */
export function httpHandler<R extends RouteSpec>(
  service: string,
  route: R,
  handle: (req: HttpRequest<R>) => Promise<HttpResult>,
  options: {
    maxBodyBytes?: number;
    /**
     * Authenticate the raw request before anything is parsed (e.g. an HMAC over the raw body), so
     * an unauthenticated caller learns nothing from validation errors. Throws UnauthorizedError.
     */
    verify?: (headers: Record<string, string | undefined>, rawBody: string) => Promise<void>;
  } = {},
) {
  const logger = loggerFor(service);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { correlationIdPath: 'requestContext.requestId', resetKeys: true }))
    .use({
      onError: async (request) => {
        const error = request.error;
        const problem = toProblem(error, request.event?.requestContext?.requestId);
        if (error instanceof DomainError) logger.info('request refused', { status: problem.status, detail: problem.detail });
        else logger.error('request failed', { error: error as Error });
        request.response = {
          statusCode: problem.status,
          headers: {
            'content-type': 'application/problem+json',
            ...(error instanceof ServiceUnavailableError ? { 'retry-after': String(error.retryAfterSeconds) } : {}),
          },
          body: JSON.stringify(problem),
        };
      },
    })
    .handler(async (event, context) => {
      // A signature check reads the body first; the parser then reuses it instead of decoding again.
      const rawBody = options.verify ? readBody(event, maxBodyBytes) : undefined;
      if (options.verify) await options.verify(event.headers, rawBody!);
      return toResponse(await handle(parseRequest(route, event, maxBodyBytes, rawBody, context)));
    });
}
