import { describe, it, expect } from 'vitest';
import { decodeCursor, encodeCursor, paginationQuery } from '../../../../shared/http/pagination.ts';
import { ValidationError } from '../../../../shared/errors.ts';

const lastEvaluatedKey = () => ({ pk: 'PROGRAMME#2026-digital', sk: 'APPLICATION#0042', gsi1pk: 'AGENCY#so-cong-thuong' });
const KEY_NAMES = ['pk', 'sk', 'gsi1pk'] as const;

const decodeError = (cursor: string): unknown => {
  try {
    decodeCursor(cursor, KEY_NAMES);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('cursor', () => {
  it('decodes an encoded key back to the same key', () => {
    const key = lastEvaluatedKey();

    const cursor = encodeCursor(key);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor!, KEY_NAMES)).toEqual(key);
  });

  it('encodes the end of the results as null', () => {
    expect(encodeCursor(undefined)).toBeNull();
  });

  it('decodes an absent cursor as the first page', () => {
    expect(decodeCursor(undefined, KEY_NAMES)).toBeUndefined();
  });

  it('refuses a truncated cursor with a 400 on query.cursor', () => {
    const cursor = encodeCursor(lastEvaluatedKey())!;

    const error = decodeError(cursor.slice(0, -3));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBe(400);
    expect((error as ValidationError).errors).toEqual([{ path: 'query.cursor', message: 'invalid cursor' }]);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a JSON array', Buffer.from('["pk"]').toString('base64url')],
    ['a JSON string', Buffer.from('"pk"').toString('base64url')],
    ['JSON null', Buffer.from('null').toString('base64url')],
  ])('refuses %s as a cursor', (_what, cursor) => {
    const error = decodeError(cursor);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors[0]?.path).toBe('query.cursor');
  });
});

describe('paginationQuery', () => {
  it('defaults the limit to 20', () => {
    expect(paginationQuery.parse({})).toEqual({ limit: 20 });
  });

  it('coerces a limit from the query string', () => {
    expect(paginationQuery.parse({ limit: '100', cursor: 'abc' })).toEqual({ limit: 100, cursor: 'abc' });
  });

  it.each(['101', '0', '2.5', 'ten'])('rejects limit=%s', (limit) => {
    const result = paginationQuery.safeParse({ limit });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['limit']);
  });

  it('refuses a well-formed cursor whose key is not the key being paged', () => {
    const forged = encodeCursor({ pk: 'X' })!;

    const error = decodeError(forged);

    expect(error).toBeInstanceOf(ValidationError);
  });

  it('refuses a cursor with extra attributes', () => {
    const forged = encodeCursor({ ...lastEvaluatedKey(), admin: true })!;

    expect(decodeError(forged)).toBeInstanceOf(ValidationError);
  });
});

describe('cursor scope', () => {
  const key = { pk: 'ENT#0100233488', sk: 'GRANT#2026-03-01#a' };
  const cursor = encodeCursor(key)!;

  it('accepts a cursor inside the query it pages', () => {
    expect(decodeCursor(cursor, ['pk', 'sk'], { equal: { pk: 'ENT#0100233488' }, startsWith: { sk: 'GRANT#' } })).toEqual(key);
  });

  it.each([
    ['another partition', { equal: { pk: 'ENT#0314409058' } }],
    ['outside the sort-key prefix', { startsWith: { sk: 'HIST#' } }],
  ])('refuses a cursor for %s (400, not a DynamoDB error later)', (_label, scope) => {
    expect(() => decodeCursor(cursor, ['pk', 'sk'], scope)).toThrow(ValidationError);
  });

  it('refuses a number where the key is a string', () => {
    expect(() => decodeCursor(encodeCursor({ pk: 1, sk: 'x' })!, ['pk', 'sk'])).toThrow(ValidationError);
  });
});
