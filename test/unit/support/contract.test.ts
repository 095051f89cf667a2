import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApi } from '../../../shared/http/openapi.ts';
import { defineService, type RouteSpec } from '../../../shared/manifest.ts';
import { compileContract, type Document } from '../../support/contract.ts';

const route = (over: Partial<RouteSpec>): RouteSpec => ({
  method: 'GET',
  path: '/things/{id}',
  handler: 'adapters/inbound/get-thing.handler.ts',
  auth: { kind: 'jwt', roles: ['officer'] },
  summary: 'a thing',
  request: { params: z.object({ id: z.string() }) },
  responses: { 200: { description: 'the thing', schema: z.object({ id: z.string(), version: z.number() }) } },
  ...over,
});
const doc = buildOpenApi(
  [
    defineService({
      name: 'things',
      dir: '/tmp',
      description: 'test',
      tables: [],
      publishes: [],
      routes: [
        route({}),
        route({ method: 'POST', path: '/things/{id}/close', handler: 'adapters/inbound/close-thing.handler.ts', responses: {} }),
        route({ path: '/things/mine', handler: 'adapters/inbound/my-things.handler.ts', request: {}, responses: {} }),
      ],
      consumers: [],
      schedules: [],
      usesBucket: false,
      idempotentWrites: false,
    }),
  ],
  { version: '1' },
);
const contract = compileContract(doc as unknown as Document);
const problem = (status: number) => ({ type: 'https://x/p', title: 't', status, detail: 'd', errors: [] });
const JSON_TYPE = 'application/json';
const PROBLEM = 'application/problem+json';

describe('the contract check of the tests', () => {
  it('passes what the contract declares', () => {
    expect(contract.check('GET', '/things/a1', 200, JSON_TYPE, { id: 'a1', version: 1 })).toBeUndefined();
    expect(contract.check('GET', '/things/a1', 404, `${PROBLEM}; charset=utf-8`, problem(404))).toBeUndefined();
    expect(contract.check('POST', '/things/a1/close', 409, PROBLEM, problem(409))).toBeUndefined();
    expect(contract.check('GET', '/things/a1', 429, JSON_TYPE, { message: 'Too Many Requests' })).toBeUndefined();
  });

  it('names the route, the status and what broke', () => {
    expect(contract.check('POST', '/things/a1/close', 422, PROBLEM, problem(422))).toBe(
      'POST /things/{id}/close answered 422, which the contract does not declare (it declares 200, 400, 401, 403, 404, 409, 429, 500)',
    );
    expect(contract.check('GET', '/things/a1', 200, JSON_TYPE, { id: 'a1' })).toBe(
      "GET /things/{id} answered 200 with a body (application/json) that does not match the contract's schema: (body) must have required property 'version'",
    );
    expect(contract.check('GET', '/things/a1', 404, JSON_TYPE, { message: 'no' })).toBe(
      'GET /things/{id} answered 404 as application/json; the contract declares application/problem+json',
    );
    expect(contract.check('GET', '/things/a1', 403, PROBLEM, { title: 'Forbidden' })).toMatch(
      /403 with a body .* must have required property 'type'/,
    );
  });

  it('takes a literal path segment before a parameter, and leaves routes outside the contract alone', () => {
    expect(contract.check('GET', '/things/mine', 404, PROBLEM, problem(404))).toMatch(/^GET \/things\/mine answered 404, which/);
    expect(contract.check('GET', '/elsewhere', 404, PROBLEM, problem(404))).toBeUndefined();
    expect(contract.check('DELETE', '/things/a1', 405, PROBLEM, problem(405))).toBeUndefined();
  });
});
