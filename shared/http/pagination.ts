/**
 * Cursor pagination: `?limit=` (1–100, default 20) and an opaque `cursor` that wraps DynamoDB's
 * LastEvaluatedKey. A cursor that was tampered with is a 400, not a 500.
 */
import { z } from 'zod';
import { ValidationError } from '../errors.ts';

export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).optional(),
});

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
}

/**
 * Decode a cursor into the key it wraps. `keyNames` are the attributes of the table or index key
 * being paged: a cursor must hold exactly those, as strings or numbers, or DynamoDB would reject
 * it later (a 500 instead of a 400).
 */
export function decodeCursor(cursor: string | undefined, keyNames: readonly string[]): Record<string, string | number> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const shape = z.strictObject(Object.fromEntries(keyNames.map((k) => [k, z.union([z.string().min(1), z.number()])])));
    const parsed = shape.safeParse(value);
    if (parsed.success) return parsed.data as Record<string, string | number>;
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('The cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
}
