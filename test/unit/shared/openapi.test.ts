import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { services } from '../../../services/index.ts';
import { defineService, type RouteSpec } from '../../../shared/manifest.ts';
import { buildOpenApi, operationIdOf } from '../../../shared/http/openapi.ts';

type Operation = { operationId?: string; security?: unknown[]; responses: Record<string, unknown> };
const operations = (doc: ReturnType<typeof buildOpenApi>): Operation[] =>
  Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item as Record<string, Operation>));

const route = (over: Partial<RouteSpec>): RouteSpec => ({
  method: 'GET',
  path: '/things',
  handler: 'adapters/inbound/list-things.handler.ts',
  auth: { kind: 'public' },
  summary: 'things',
  ...over,
});
const service = (routes: RouteSpec[]) =>
  defineService({
    name: 'things',
    dir: '/tmp',
    description: 'test',
    tables: [],
    publishes: [],
    routes,
    consumers: [],
    schedules: [],
    usesBucket: false,
    idempotentWrites: false,
  });

describe('the OpenAPI document', () => {
  const doc = buildOpenApi(services, { version: '1.0.0' });

  it('gives every operation a unique operationId, a 4xx answer and its security stated', () => {
    const ops = operations(doc);
    const ids = ops.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of ops) {
      expect(Object.keys(o.responses).some((s) => s.startsWith('4'))).toBe(true);
      expect(Array.isArray(o.security)).toBe(true);
    }
  });

  it('states that public routes need no credentials, and names a server relative to the document', () => {
    expect(doc.paths?.['/health']?.get?.security).toEqual([]);
    expect(doc.paths?.['/applications']?.post?.security).toEqual([{ bearer: [] }]);
    expect(doc.servers).toEqual([expect.objectContaining({ url: '.' })]);
  });

  it('derives operationIds from handler file names, unless a route names its own', () => {
    expect(operationIdOf(route({ handler: 'adapters/inbound/create-programme.handler.ts' }))).toBe('createProgramme');
    expect(operationIdOf(route({ operationId: 'listAllThings' }))).toBe('listAllThings');
    expect(doc.paths?.['/applications/{id}/submit']?.post?.operationId).toBe('submitApplication');
  });

  it('refuses two routes with the same operationId', () => {
    const twice = service([route({}), route({ method: 'POST', request: { body: z.object({ a: z.string() }) } })]);
    expect(() => buildOpenApi([twice], { version: '1' })).toThrow(/operationId listThings/);
  });
});
