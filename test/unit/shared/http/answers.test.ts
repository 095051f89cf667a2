import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { services } from '../../../../services/index.ts';
import { answersOf } from '../../../../shared/http/answers.ts';
import { buildOpenApi } from '../../../../shared/http/openapi.ts';
import type { RouteSpec } from '../../../../shared/manifest.ts';

const route = (over: Partial<RouteSpec>): RouteSpec => ({
  method: 'GET',
  path: '/things',
  handler: 'adapters/inbound/list-things.handler.ts',
  auth: { kind: 'public' },
  summary: 'things',
  ...over,
});
const jwt = { kind: 'jwt', roles: ['officer'] } as const;
const statuses = (r: RouteSpec) => [...answersOf(r).keys()];

describe('the statuses a route answers, derived from what it is', () => {
  it.each([
    ['a public read without input', route({}), [200, 429, 500]],
    ['a jwt read of a list', route({ auth: jwt, request: { query: z.object({ q: z.string() }) } }), [200, 400, 401, 403, 429, 500]],
    [
      'a jwt read of one object',
      route({ auth: jwt, path: '/things/{id}', request: { params: z.object({ id: z.string() }) } }),
      [200, 400, 401, 403, 404, 429, 500],
    ],
    [
      'a jwt create with a body',
      route({ auth: jwt, method: 'POST', request: { body: z.object({ a: z.string() }) }, responses: { 201: { description: 'made' } } }),
      [201, 400, 401, 403, 409, 413, 415, 429, 500],
    ],
    [
      'a jwt action on one object, without a body',
      route({ auth: jwt, method: 'POST', path: '/things/{id}/close', request: { params: z.object({ id: z.string() }) } }),
      [200, 400, 401, 403, 404, 409, 429, 500],
    ],
    [
      'a signed webhook',
      route({ auth: { kind: 'signature' }, method: 'POST', request: { body: z.object({}) }, responses: { 202: { description: 'taken' } } }),
      [202, 400, 401, 413, 415, 429, 500],
    ],
  ] as const)('%s', (_, r, expected) => {
    expect(statuses(r)).toEqual(expected);
  });

  it("adds the route's own statuses to those derived, and lets its words replace the derived ones", () => {
    const r = route({
      auth: jwt,
      method: 'POST',
      request: { body: z.object({}) },
      responses: { 202: { description: 'queued' }, 422: { description: 'not eligible' }, 429: { description: 'busy: resend' } },
    });
    const answers = answersOf(r);
    expect([...answers.keys()]).toEqual([202, 400, 401, 403, 409, 413, 415, 422, 429, 500]);
    expect(answers.get(422)?.description).toBe('not eligible');
    expect(answers.get(429)?.description).toBe('busy: resend');
  });
});

type Responses = Record<string, { content?: Record<string, { schema?: unknown }> }>;

describe('the served contract', () => {
  const doc = buildOpenApi(services, { version: '1' });
  const responsesOf = (method: string, path: string) =>
    (doc.paths?.[path] as Record<string, { responses: Responses }> | undefined)?.[method]?.responses ?? {};

  // The answers a validation proxy (Stoplight Prism) found undeclared in front of the runtime (issue 18).
  it.each([
    ['post', '/applications', ['201', '409', '422']],
    ['post', '/applications/{id}/submit', ['200', '404', '409', '422']],
    ['post', '/applications/{id}/decision', ['200', '404', '409', '422']],
    ['get', '/applications/{id}', ['200', '404']],
    ['get', '/applications/{id}/documents/{docId}', ['200', '404', '422']],
    ['post', '/applications/{id}/reviews', ['201', '404', '409']],
  ])('declares what %s %s answers', (method, path, expected) => {
    expect(Object.keys(responsesOf(method, path))).toEqual(expect.arrayContaining(expected));
  });

  it('answers a review with 201, which its handler sends, and not 200', () => {
    expect(Object.keys(responsesOf('post', '/applications/{id}/reviews'))).not.toContain('200');
  });

  it("gives every error a problem+json body, but /health's 503, which reports each component as its 200 does", () => {
    const withoutProblem: string[] = [];
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, { responses: Responses }>)) {
        for (const [status, answer] of Object.entries(op.responses)) {
          const problem = answer.content?.['application/problem+json']?.schema as { $ref?: string } | undefined;
          if (Number(status) >= 400 && problem?.$ref !== '#/components/schemas/Problem') withoutProblem.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(withoutProblem).toEqual(['get /health 503']);
  });
});
