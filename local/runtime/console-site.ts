/**
 * The web console on the local runtime: the built single-page app (console/dist) at `/`, its
 * `config.json` (in AWS the deployment writes that file next to index.html), and the local
 * sign-in — a dev-only token endpoint that stands in for Cognito's hosted UI. None of this is
 * deployed: the CDK serves the same dist from S3 behind CloudFront, with Cognito.
 */
import { readFile, stat } from 'node:fs/promises';
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { z } from 'zod';
import { claimsSchema, enterpriseClaimsSchema } from '../../shared/http/auth.ts';
import { HANOI_COMMUNES } from '../../shared/reference/hanoi-communes.ts';
import type { ConsoleStatus } from './console-build.ts';
import type { LocalRoute } from './gateway.ts';
import type { LocalIssuer } from './jwt.ts';

/** Agencies offered on the local sign-in page (codes as in tokens' `agency` claim). */
export const LOCAL_AGENCIES = [
  'so-cong-thuong',
  'so-tai-chinh',
  'so-khcn',
  'so-nong-nghiep-moi-truong',
  'so-noi-vu',
  'ubnd-xa',
  'hh-dnnvv-hn',
] as const;

/** Where the console reaches the documents bucket's presigned URLs from its own origin. */
export const STORAGE_PROXY_PATH = '/local/s3';

/**
 * What the console reads at start-up: where the API is and how to sign in. Locally the bucket
 * (fauxqs, on its own port, without CORS) is reached through {@link storageProxy} on the same
 * origin; in AWS `storage` is absent and the bucket's CORS rule admits the console's origin.
 */
export function localConsoleConfig(storageOrigin: string) {
  return {
    apiBaseUrl: '',
    storage: { origin: storageOrigin, proxyPath: STORAGE_PROXY_PATH },
    auth: {
      kind: 'local' as const,
      tokenUrl: '/local/token',
      agencies: LOCAL_AGENCIES,
      roles: ['admin', 'officer', 'reviewer', 'viewer'],
      communes: HANOI_COMMUNES.map((c) => ({ code: c.code, name: c.name, nameEn: c.nameEn })),
    },
  };
}

const tokenRequest = z.object({
  agency: z.string().max(60),
  roles: z.array(z.string().max(20)).min(1).max(4),
  commune: z.string().max(5).optional(),
  sub: z
    .string()
    .max(80)
    .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only')
    .optional(),
});

/**
 * The enterprises' sign-in: the local issuer plays their identity provider (VNeID, domain.md §9)
 * and asserts what it would — the person (the SHA-256 of their citizen id) and, for an
 * organisation account, the organisation's code; and, when given, their verified account e-mail.
 */
const enterpriseTokenRequest = z.strictObject({
  enterpriseUser: z
    .string()
    .min(1)
    .max(80)
    .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only'),
  personIdHash: z.string().max(64),
  organisation: z.string().max(14).optional(),
  /** The account e-mail the provider would assert verified (where the person hears about the enterprise's files). */
  email: z.string().max(254).optional(),
});

const TOKEN_TTL_SECONDS = 8 * 3600;
const MAX_TOKEN_BODY = 4096;

/** A small JSON body of a local-only route (at most 4 KB). Throws on anything else. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length > MAX_TOKEN_BODY) throw new Error('too large');
  }
  return JSON.parse(text || '{}');
}

const problem = (status: number, detail: string, errors: { path: string; message: string }[] = []) => ({
  status,
  body: { type: 'about:blank', title: status === 400 ? 'Invalid input' : 'Error', status, detail, errors },
});

/** `GET /config.json` and `POST /local/token` (the local issuer's sign-in; never in AWS). */
export function consoleLocalRoutes(issuer: LocalIssuer, storageOrigin: string): LocalRoute[] {
  return [
    async (req, url) =>
      req.method === 'GET' && url.pathname === '/config.json' ? { status: 200, body: localConsoleConfig(storageOrigin) } : undefined,
    async (req, url) => {
      if (req.method !== 'POST' || url.pathname !== '/local/token') return undefined;
      let input: unknown;
      try {
        input = await readJson(req);
      } catch {
        return problem(400, 'The body must be a JSON object of at most 4 KB');
      }
      if (typeof input === 'object' && input !== null && 'enterpriseUser' in input) {
        const asked = enterpriseTokenRequest.safeParse(input);
        const claims = asked.success
          ? enterpriseClaimsSchema.safeParse({
              sub: asked.data.enterpriseUser,
              roles: ['enterprise'],
              personIdHash: asked.data.personIdHash,
              ...(asked.data.organisation ? { organisation: asked.data.organisation } : {}),
              ...(asked.data.email ? { email: asked.data.email, email_verified: true } : {}),
            })
          : undefined;
        const issues = asked.success ? (claims?.error?.issues ?? []) : asked.error.issues;
        if (!claims?.success || issues.length)
          return problem(
            400,
            'Every bad field is listed',
            issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          );
        const token = await issuer.sign(claims.data, TOKEN_TTL_SECONDS);
        return { status: 200, body: { accessToken: token, expiresIn: TOKEN_TTL_SECONDS, claims: claims.data } };
      }
      const parsed = tokenRequest.safeParse(input);
      const request = parsed.success ? parsed.data : undefined;
      const claims = request
        ? claimsSchema.safeParse({
            sub: request.sub ?? `local-${request.agency}`,
            agency: request.agency,
            roles: request.roles,
            ...(request.commune ? { commune: request.commune } : {}),
          })
        : undefined;
      const issues = parsed.success ? (claims?.success ? [] : (claims?.error.issues ?? [])) : parsed.error.issues;
      if (!claims?.success || issues.length)
        return problem(
          400,
          'Every bad field is listed',
          issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      const token = await issuer.sign(claims.data, TOKEN_TTL_SECONDS);
      return { status: 200, body: { accessToken: token, expiresIn: TOKEN_TTL_SECONDS, claims: claims.data } };
    },
  ];
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves a request the API has no route for, or answers false. */
export type Site = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Console not built</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto"><h1>The web console is not built</h1>
<p>Run <code>npm run build:console</code>, then reload this page. The API itself is running: see
<a href="/health">/health</a> and <a href="/openapi.json">/openapi.json</a>.</p></body></html>`;

const BUILDING = `<!doctype html><html lang="vi"><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>Đang chuẩn bị giao diện…</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto"><h1>Đang chuẩn bị giao diện quản trị…</h1>
<p>The web console is being built (first start, about half a minute). This page reloads itself.
The API already answers: <a href="/health">/health</a>, <a href="/openapi.json">/openapi.json</a>.</p></body></html>`;

/**
 * Static files from `distDir`; for any other GET a browser navigates to (it accepts HTML), the
 * SPA's index.html, so a deep link opens the console. Hashed assets are cached for a year.
 */
export function consoleSite(distDir: string, status: () => ConsoleStatus): Site {
  const root = normalize(distDir + sep);
  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const now = status();
    if (now !== 'ready') {
      if (!(req.headers.accept ?? '').includes('text/html')) return false;
      res.writeHead(503, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...(now === 'building' ? { 'retry-after': '3' } : {}),
      });
      res.end(now === 'building' ? BUILDING : NOT_BUILT);
      return true;
    }
    let path: string;
    try {
      path = normalize(join(root, decodeURIComponent(url.pathname)));
    } catch {
      return false;
    }
    if (!path.startsWith(root)) return false;
    const file = await stat(path).catch(() => undefined);
    if (file?.isFile()) {
      const immutable = path.startsWith(join(root, 'assets') + sep);
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'content-length': String(file.size),
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : await readFile(path));
      return true;
    }
    if (!(req.headers.accept ?? '').includes('text/html') && url.pathname !== '/') return false;
    const index = await readFile(join(root, 'index.html'));
    res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : index);
    return true;
  };
}

/**
 * `/local/s3/<bucket>/<key>?<presigned query>` → the same request to the local S3 server, so the
 * console uploads and downloads presigned URLs from its own origin (the emulator answers no CORS
 * preflight). Only the path under the proxy and the query are forwarded; the signature is the
 * handlers' own.
 */
export function storageProxy(storageOrigin: string): Site {
  const target = new URL(storageOrigin);
  return (req, res, url) =>
    new Promise<boolean>((resolvePromise) => {
      if (!url.pathname.startsWith(`${STORAGE_PROXY_PATH}/`)) return resolvePromise(false);
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'content-length', 'content-md5', 'range', 'if-none-match']) {
        const v = req.headers[name];
        if (typeof v === 'string') headers[name] = v;
      }
      for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('x-amz-') && typeof v === 'string') headers[k] = v;
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: `${url.pathname.slice(STORAGE_PROXY_PATH.length)}${url.search}`,
          headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => resolvePromise(true));
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('storage unreachable');
        resolvePromise(true);
      });
      req.pipe(upstream);
    });
}
