import { describe, it, expect } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  RuleViolationError,
  ThrottledError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  toProblem,
  type DomainError,
} from '../../../shared/errors.ts';

const BASE = 'https://sme-support.hanoi.gov.vn/problems/';

describe('toProblem', () => {
  it.each([
    [ValidationError, 400, 'Invalid input', 'invalid-input'],
    [UnauthorizedError, 401, 'Unauthorized', 'unauthorized'],
    [ForbiddenError, 403, 'Forbidden', 'forbidden'],
    [NotFoundError, 404, 'Not found', 'not-found'],
    [ConflictError, 409, 'Conflict', 'conflict'],
    [PayloadTooLargeError, 413, 'Payload too large', 'payload-too-large'],
    [UnsupportedMediaTypeError, 415, 'Unsupported media type', 'unsupported-media-type'],
    [RuleViolationError, 422, 'Rule violated', 'rule-violated'],
    [ThrottledError, 429, 'Too many requests', 'too-many-requests'],
  ] as const)('maps %o to status %i, its title and type', (ErrorClass, status, title, slug) => {
    const error: DomainError = new ErrorClass('the detail');

    const problem = toProblem(error);

    expect(problem).toEqual({ type: BASE + slug, title, status, detail: 'the detail', errors: [] });
  });

  it('carries the field errors and the instance of a domain error', () => {
    const errors = [{ path: 'body.name', message: 'is required' }];

    const problem = toProblem(new ValidationError('1 field(s) are invalid', { errors }), 'req-1');

    expect(problem).toEqual({
      type: BASE + 'invalid-input',
      title: 'Invalid input',
      status: 400,
      detail: '1 field(s) are invalid',
      instance: 'req-1',
      errors: [{ path: 'body.name', message: 'is required' }],
    });
  });

  it('names each domain error after its class', () => {
    expect(new RuleViolationError('x').name).toBe('RuleViolationError');
  });

  it('turns an unknown error into an opaque 500 without its message or stack', () => {
    const error = new Error('connect to db.internal:5432 failed, password=hunter2 AKIAIOSFODNN7EXAMPLE');

    const problem = toProblem(error, 'req-2');
    const json = JSON.stringify(problem);

    expect(problem.status).toBe(500);
    expect(problem.title).toBe('Internal error');
    expect(problem.type).toBe(BASE + 'internal-error');
    expect(problem.instance).toBe('req-2');
    expect(problem.errors).toEqual([]);
    expect(json).not.toContain('hunter2');
    expect(json).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(json).not.toContain('db.internal');
    expect(error.stack).toBeTruthy();
    expect(json).not.toContain('errors.test.ts');
    expect(json).not.toContain('    at ');
  });

  it('turns a thrown non-Error value into the same 500', () => {
    const problem = toProblem('secret=abc');

    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('secret=abc');
  });
});
