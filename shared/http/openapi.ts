/**
 * The OpenAPI 3.1 document, generated from the same manifests and zod schemas the handlers
 * validate with, so the published contract cannot drift from what is enforced.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import type { RouteSpec, ServiceManifest } from '../manifest.ts';
import { answersOf } from './answers.ts';

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(
      z.object({ path: z.string(), message: z.string(), messageText: z.object({ vi: z.string(), en: z.string() }).optional() }),
    ),
  })
  .meta({ id: 'Problem' });

/** API Gateway's own error body (`{"message":"Too Many Requests"}`), not problem+json. */
const gatewayMessage = z.object({ message: z.string() }).meta({ id: 'GatewayMessage' });

/**
 * An error's body: problem+json; a throttle, and a function that failed before it could answer,
 * may also come from API Gateway itself, with its own body.
 */
const problemContent = (status: number) => ({
  'application/problem+json': { schema: problem },
  ...(status === 429 || status === 500 ? { 'application/json': { schema: gatewayMessage } } : {}),
});

/**
 * A stable operationId for generated clients: the route's own `operationId`, else its handler's
 * file name in camelCase (`adapters/inbound/create-programme.handler.ts` → `createProgramme`), which
 * is already unique per service as the function's name.
 */
export function operationIdOf(route: RouteSpec): string {
  if (route.operationId) return route.operationId;
  const base = route.handler.replace(/^.*\//, '').replace(/\.handler\.ts$/, '');
  return base.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function buildOpenApi(manifests: readonly ServiceManifest[], info: { version: string; serverUrl?: string }) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  registry.registerComponent('securitySchemes', 'registrySignature', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Registry-Signature',
    description: 'sha256=<hex HMAC-SHA256 of "<X-Registry-Timestamp>.<raw body>">',
  });
  const operationIds = new Map<string, string>();
  for (const m of manifests) {
    for (const r of m.routes) {
      const operationId = operationIdOf(r);
      const earlier = operationIds.get(operationId);
      if (earlier) throw new Error(`operationId ${operationId} of ${r.method} ${r.path} is already ${earlier}'s: set operationId on one`);
      operationIds.set(operationId, `${r.method} ${r.path}`);
      const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {};
      for (const [status, answer] of answersOf(r)) {
        const content = answer.schema
          ? { 'application/json': { schema: answer.schema } }
          : status >= 400
            ? problemContent(status)
            : undefined;
        responses[String(status)] = { description: answer.description, ...(content ? { content } : {}) };
      }
      registry.registerPath({
        method: r.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete',
        path: r.path,
        tags: [m.name],
        operationId,
        summary: r.summary,
        // A public route states that it needs nothing, so generated clients send no credentials.
        security: r.auth.kind === 'jwt' ? [{ bearer: [] }] : r.auth.kind === 'signature' ? [{ registrySignature: [] }] : [],
        request: {
          ...(r.request?.params ? { params: r.request.params as z.ZodObject } : {}),
          ...(r.request?.query ? { query: r.request.query as z.ZodObject } : {}),
          ...(r.request?.body ? { body: { content: { 'application/json': { schema: r.request.body } } } } : {}),
        },
        responses,
      });
    }
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'SME support management system API', version: info.version },
    // Relative to where the document is served (`/openapi.json` locally, `/api/openapi.json` behind
    // CloudFront), so one document fits every deployment.
    servers: [{ url: info.serverUrl ?? '.', description: 'this API, where this document is served' }],
  });
}
