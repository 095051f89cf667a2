import { describe, it, expect, vi } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { httpHandler, type HttpRequest, type HttpResult } from '../../../../shared/http/handler.ts';
import { NotFoundError, type Problem } from '../../../../shared/errors.ts';
import type { RouteSpec } from '../../../../shared/manifest.ts';

const WIDGET_ID = '7b0c8a52-3f1e-4c8e-9d43-5a1d2b6c9e10';

const route = {
  method: 'POST',
  path: '/widgets/{id}',
  handler: 'inline',
  auth: { kind: 'jwt', roles: ['officer'] },
  summary: 'Update a widget (test route)',
  request: {
    body: z.object({ name: z.string().min(1), count: z.number().int().positive() }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), dryRun: z.stringbool().default(false) }),
    params: z.object({ id: z.uuid() }),
  },
} as const satisfies RouteSpec;

type WidgetRequest = HttpRequest<typeof route>;
type Claims = Record<string, string | string[]>;

const officerClaims = (): Claims => ({ sub: 'user-1', agency: 'so-cong-thuong', roles: '[officer]' });

function httpEvent(
  overrides: {
    body?: string;
    contentType?: string;
    query?: Record<string, string>;
    params?: Record<string, string>;
    claims?: Claims | null;
    isBase64Encoded?: boolean;
  } = {},
): APIGatewayProxyEventV2 {
  const claims = overrides.claims === undefined ? officerClaims() : overrides.claims;
  const requestContext = {
    accountId: '123456789012',
    apiId: 'api',
    domainName: 'api.example.test',
    domainPrefix: 'api',
    http: { method: 'POST', path: `/widgets/${WIDGET_ID}`, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
    requestId: 'req-123',
    routeKey: 'POST /widgets/{id}',
    stage: '$default',
    time: '10/Mar/2026:12:00:00 +0000',
    timeEpoch: 1_773_144_000_000,
    ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
  };
  return {
    version: '2.0',
    routeKey: 'POST /widgets/{id}',
    rawPath: `/widgets/${WIDGET_ID}`,
    rawQueryString: '',
    headers: { 'content-type': overrides.contentType ?? 'application/json' },
    queryStringParameters: overrides.query ?? { limit: '5' },
    pathParameters: overrides.params ?? { id: WIDGET_ID },
    body: overrides.body ?? JSON.stringify({ name: 'Pump', count: 3 }),
    isBase64Encoded: overrides.isBase64Encoded ?? false,
    requestContext,
  };
}

const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'widgets-update',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:widgets-update',
  memoryLimitInMB: '512',
  awsRequestId: 'aws-req-1',
  logGroupName: '/aws/lambda/widgets-update',
  logStreamName: '2026/03/10/[$LATEST]abc',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

const ok = async (_req: WidgetRequest): Promise<HttpResult> => ({ status: 200, body: { ok: true } });

/** A use case that records the request it receives and answers 200. */
const spyHandle = () => vi.fn(ok);

/** Build the handler around `handle` and invoke it with `event`. */
async function invoke(
  event: APIGatewayProxyEventV2,
  handle: (req: WidgetRequest) => Promise<HttpResult> = ok,
  options: { maxBodyBytes?: number } = {},
): Promise<APIGatewayProxyStructuredResultV2> {
  const handler = httpHandler('widgets', route, handle, options);
  return handler(event, lambdaContext());
}

const problemOf = (response: APIGatewayProxyStructuredResultV2): Problem => JSON.parse(String(response.body)) as Problem;

describe('httpHandler', () => {
  it('hands a valid request to the use case with typed, coerced values', async () => {
    const handle = spyHandle();

    await invoke(httpEvent({ query: { limit: '5', dryRun: 'true' } }), handle);

    expect(handle).toHaveBeenCalledTimes(1);
    const req = handle.mock.calls[0]![0];
    expect(req.body).toEqual({ name: 'Pump', count: 3 });
    expect(req.query).toEqual({ limit: 5, dryRun: true });
    expect(req.params).toEqual({ id: WIDGET_ID });
    expect(req.principal).toEqual({ sub: 'user-1', agency: 'so-cong-thuong', roles: ['officer'] });
    expect(req.requestId).toBe('req-123');
    expect(req.rawBody).toBe('{"name":"Pump","count":3}');
  });

  it('applies query defaults when the request has no query string', async () => {
    const handle = spyHandle();
    const event = { ...httpEvent(), queryStringParameters: undefined };

    await invoke(event, handle);

    expect(handle.mock.calls[0]![0].query).toEqual({ limit: 20, dryRun: false });
  });

  it('serialises the use case result as a JSON response', async () => {
    const handle = async (req: WidgetRequest): Promise<HttpResult> => ({
      status: 201,
      body: { id: req.params.id, name: req.body.name },
      headers: { location: `/widgets/${req.params.id}` },
    });

    const response = await invoke(httpEvent(), handle);

    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({ 'content-type': 'application/json', location: `/widgets/${WIDGET_ID}` });
    expect(JSON.parse(String(response.body))).toEqual({ id: WIDGET_ID, name: 'Pump' });
  });

  it('sends a text result as it is, with its own content type', async () => {
    const text = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n';
    const response = await invoke(httpEvent(), async () => ({
      status: 200,
      text,
      headers: { 'content-type': 'text/calendar; charset=utf-8' },
    }));

    expect(response).toEqual({ statusCode: 200, headers: { 'content-type': 'text/calendar; charset=utf-8' }, body: text });
  });

  it('answers a result without a body with no body and no content type', async () => {
    const response = await invoke(httpEvent(), async () => ({ status: 204 }));

    expect(response).toEqual({ statusCode: 204, headers: {} });
  });

  it('lists every invalid body, query and path field in one problem+json 400', async () => {
    const handle = spyHandle();
    const event = httpEvent({
      body: JSON.stringify({ name: '', count: 2 }),
      query: { limit: '101' },
      params: { id: 'not-a-uuid' },
    });

    const response = await invoke(event, handle);

    expect(handle).not.toHaveBeenCalled();
    expect(response.statusCode).toBe(400);
    expect(response.headers).toEqual({ 'content-type': 'application/problem+json' });
    const problem = problemOf(response);
    expect(problem.title).toBe('Invalid input');
    expect(problem.detail).toBe('3 field(s) are invalid');
    expect(problem.instance).toBe('req-123');
    expect(problem.errors.map((e) => e.path)).toEqual(['body.name', 'query.limit', 'path.id']);
  });

  it('names nested body fields by their full path', async () => {
    const response = await invoke(httpEvent({ body: JSON.stringify({ count: 1.5 }) }));

    expect(problemOf(response).errors.map((e) => e.path)).toEqual(['body.name', 'body.count']);
  });

  it('refuses a request without claims with 401', async () => {
    const handle = spyHandle();

    const response = await invoke(httpEvent({ claims: null }), handle);

    expect(handle).not.toHaveBeenCalled();
    expect(response.statusCode).toBe(401);
    expect(response.headers).toEqual({ 'content-type': 'application/problem+json' });
    expect(problemOf(response).title).toBe('Unauthorized');
  });

  it('refuses claims that lack a required claim with 401 naming it', async () => {
    const response = await invoke(httpEvent({ claims: { sub: 'user-1', roles: 'officer' } }));

    expect(response.statusCode).toBe(401);
    expect(problemOf(response).errors.map((e) => e.path)).toEqual(['claims.agency']);
  });

  it('refuses a caller without one of the route roles with 403', async () => {
    const handle = spyHandle();

    const response = await invoke(httpEvent({ claims: { ...officerClaims(), roles: '[viewer]' } }), handle);

    expect(handle).not.toHaveBeenCalled();
    expect(response.statusCode).toBe(403);
    expect(problemOf(response).detail).toBe('This action needs one of the roles: officer');
  });

  it.each([
    ['as API Gateway flattens an array claim', '[officer reviewer]'],
    ['as a comma-separated Cognito attribute', 'officer,reviewer'],
  ])('accepts the roles claim %s', async (_form, roles) => {
    const handle = spyHandle();

    const response = await invoke(httpEvent({ claims: { ...officerClaims(), roles } }), handle);

    expect(response.statusCode).toBe(200);
    expect(handle.mock.calls[0]![0].principal.roles).toEqual(['officer', 'reviewer']);
  });

  it('refuses a text/plain body with 415', async () => {
    const response = await invoke(httpEvent({ contentType: 'text/plain', body: 'name=Pump' }));

    expect(response.statusCode).toBe(415);
    expect(problemOf(response).errors).toEqual([{ path: 'header.content-type', message: 'expected application/json, got text/plain' }]);
  });

  it('accepts application/json with a charset parameter', async () => {
    const response = await invoke(httpEvent({ contentType: 'application/json; charset=utf-8' }));

    expect(response.statusCode).toBe(200);
  });

  it('refuses malformed JSON with a 400 on the body', async () => {
    const response = await invoke(httpEvent({ body: '{"name": "Pump",' }));

    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors).toEqual([{ path: 'body', message: 'not valid JSON' }]);
  });

  it('refuses a body larger than maxBodyBytes with 413', async () => {
    const handle = spyHandle();
    const body = JSON.stringify({ name: 'x'.repeat(100), count: 1 });

    const response = await invoke(httpEvent({ body }), handle, { maxBodyBytes: 64 });

    expect(handle).not.toHaveBeenCalled();
    expect(response.statusCode).toBe(413);
    expect(problemOf(response).detail).toBe('The body is larger than 64 bytes');
  });

  it('counts the body size in UTF-8 bytes, not characters', async () => {
    const body = JSON.stringify({ name: 'Phường Đống Đa', count: 1 });
    const maxBodyBytes = body.length; // fewer than its UTF-8 bytes

    const response = await invoke(httpEvent({ body }), ok, { maxBodyBytes });

    expect(response.statusCode).toBe(413);
  });

  it('decodes a base64-encoded body', async () => {
    const handle = spyHandle();
    const json = JSON.stringify({ name: 'Máy bơm', count: 7 });

    await invoke(httpEvent({ body: Buffer.from(json, 'utf8').toString('base64'), isBase64Encoded: true }), handle);

    expect(handle.mock.calls[0]![0].body).toEqual({ name: 'Máy bơm', count: 7 });
    expect(handle.mock.calls[0]![0].rawBody).toBe(json);
  });

  it('turns a plain Error from the use case into an opaque 500', async () => {
    const failure = new Error('ECONNREFUSED db.internal:5432 user=admin password=hunter2');

    const response = await invoke(httpEvent(), async () => {
      throw failure;
    });

    expect(response.statusCode).toBe(500);
    expect(response.headers).toEqual({ 'content-type': 'application/problem+json' });
    const problem = problemOf(response);
    expect(problem.title).toBe('Internal error');
    expect(problem.instance).toBe('req-123');
    expect(response.body).not.toContain('hunter2');
    expect(response.body).not.toContain('db.internal');
    expect(response.body).not.toContain('ECONNREFUSED');
    expect(response.body).not.toContain('handler.test.ts');
  });

  it('maps a NotFoundError from the use case to 404 with its detail', async () => {
    const response = await invoke(httpEvent(), async (req) => {
      throw new NotFoundError(`No widget ${req.params.id}`);
    });

    expect(response.statusCode).toBe(404);
    expect(problemOf(response)).toEqual({
      type: 'https://sme-support.hanoi.gov.vn/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: `No widget ${WIDGET_ID}`,
      instance: 'req-123',
      errors: [],
    });
  });
});
