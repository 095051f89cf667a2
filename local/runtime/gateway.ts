/**
 * The local HTTP gateway: does what API Gateway (HTTP API, payload v2) does in AWS. It matches the
 * manifests' routes, checks the bearer token on `jwt` routes like the JWT authorizer (401 before
 * the function runs), builds the v2 event, invokes the handler and writes its result.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  toProblem,
  UnauthorizedError,
  NotFoundError,
  PayloadTooLargeError,
  ThrottledError,
  type DomainError,
} from '../../shared/errors.ts';
import { handlerPath, DEFAULT_TIMEOUT_SECONDS, type RouteSpec, type ServiceManifest } from '../../shared/manifest.ts';
import { FunctionThrottledError, invoke } from './invoke.ts';
import type { LocalIssuer } from './jwt.ts';
import type { Site } from './console-site.ts';
import { clock } from '../../shared/time/clock.ts';

/** API Gateway's own payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  service: string;
  route: RouteSpec;
  pattern: RegExp;
  paramNames: string[];
  modulePath: string;
}

/** A route handled by the runtime itself (local conveniences such as the issuer's keys). */
export type LocalRoute = (req: IncomingMessage, url: URL) => Promise<{ status: number; body: unknown } | undefined>;

function compile(m: ServiceManifest, route: RouteSpec): CompiledRoute {
  const paramNames: string[] = [];
  const source = route.path
    .split('/')
    .map((seg) => {
      const param = /^\{(\w+)\+?\}$/.exec(seg);
      if (!param?.[1]) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      paramNames.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { service: m.name, route, pattern: new RegExp(`^${source}$`), paramNames, modulePath: handlerPath(m, route.handler) };
}

/** API Gateway hands claims over as strings; arrays become "[a b]". */
function flattenClaims(payload: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (Array.isArray(v)) out[k] = `[${v.join(' ')}]`;
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

const TEXT_TYPES = /^(application\/(json|problem\+json|x-www-form-urlencoded|xml|x-ndjson)|text\/)/;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) throw new PayloadTooLargeError('Request body exceeds 10 MB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers });
  res.end(text);
}

function sendProblem(res: ServerResponse, error: DomainError | Error, requestId: string): void {
  const problem = toProblem(error, requestId);
  send(res, problem.status, problem, { 'content-type': 'application/problem+json', 'apigw-requestid': requestId });
}

export interface GatewayOptions {
  manifests: readonly ServiceManifest[];
  issuer: LocalIssuer;
  localRoutes?: LocalRoute[];
  /** Answers what no API route matches (the web console's files); API routes always win. */
  site?: Site;
  onError?: (error: unknown, context: string) => void;
}

export function createGateway(opts: GatewayOptions): Server {
  const routes = opts.manifests.flatMap((m) => m.routes.map((r) => compile(m, r)));

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    for (const local of opts.localRoutes ?? []) {
      const answer = await local(req, url);
      if (answer) return send(res, answer.status, answer.body);
    }

    const method = (req.method ?? 'GET').toUpperCase();
    const candidates = routes.filter((r) => r.pattern.test(url.pathname));
    const match = candidates.find((r) => r.route.method === method);
    if (!match) {
      if (candidates.length === 0 && opts.site && (await opts.site(req, res, url))) return;
      if (candidates.length > 0) {
        const problem = {
          ...toProblem(new NotFoundError(`${method} is not allowed on ${url.pathname}`), requestId),
          status: 405,
          title: 'Method not allowed',
        };
        return send(res, 405, problem, {
          'content-type': 'application/problem+json',
          allow: candidates.map((c) => c.route.method).join(', '),
        });
      }
      return sendProblem(res, new NotFoundError(`No route for ${method} ${url.pathname}`), requestId);
    }

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;

    let claims: Record<string, string | number | boolean> | undefined;
    if (match.route.auth.kind === 'jwt') {
      const token = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
      if (!token) return sendProblem(res, new UnauthorizedError('A bearer token is required'), requestId);
      try {
        claims = flattenClaims(await opts.issuer.verify(token));
      } catch {
        return sendProblem(res, new UnauthorizedError('The token is invalid or expired'), requestId);
      }
    }

    const body = await readBody(req);
    const contentType = headers['content-type'] ?? '';
    const isText = body.length === 0 || TEXT_TYPES.test(contentType);
    const exec = match.pattern.exec(url.pathname) ?? [];
    const pathParameters = Object.fromEntries(match.paramNames.map((n, i) => [n, decodeURIComponent(exec[i + 1] ?? '')]));
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
    const now = clock.now();
    const routeKey = `${match.route.method} ${match.route.path}`;

    const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(match.paramNames.length ? { pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
      },
      ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: !isText,
    };

    const fnName = `${match.service}-${match.route.handler.replace(/^.*\//, '').replace(/\.handler\.ts$/, '')}`;
    const shedding = match.route.shedding;
    let result: APIGatewayProxyStructuredResultV2 | string | undefined;
    try {
      const timeout = match.route.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
      result = (await invoke(match.modulePath, fnName, event, timeout, shedding ? { reserved: shedding.concurrency } : {})) as
        | APIGatewayProxyStructuredResultV2
        | string
        | undefined;
    } catch (error) {
      if (!(error instanceof FunctionThrottledError)) throw error;
      // In AWS the route's throttle (burst = the reserved concurrency) answers 429 before Lambda
      // would throttle; locally the gateway says so here, with a Retry-After.
      const problem = toProblem(
        new ThrottledError('Too many requests in progress: nothing was done; try again after Retry-After seconds'),
        requestId,
      );
      return send(res, 429, problem, {
        'content-type': 'application/problem+json',
        'retry-after': String(error.retryAfterSeconds),
        'apigw-requestid': requestId,
      });
    }
    if (result === undefined || typeof result === 'string' || result.statusCode === undefined) {
      // Payload v2 without a statusCode: API Gateway sends 200 with the value as JSON.
      return send(res, 200, result ?? '', { 'apigw-requestid': requestId });
    }
    const outBody = result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    res.writeHead(result.statusCode, { ...(result.headers as Record<string, string>), 'apigw-requestid': requestId });
    res.end(outBody);
  };

  return createServer((req, res) => {
    const requestId = randomUUID();
    handle(req, res, requestId).catch((error: unknown) => {
      if (error instanceof PayloadTooLargeError) return sendProblem(res, error, requestId);
      opts.onError?.(error, `${req.method} ${req.url}`);
      // Like API Gateway when the function fails: a 500, never the error itself.
      if (!res.headersSent) sendProblem(res, new Error('internal'), requestId);
      else res.end();
    });
  });
}
