/**
 * Cursor pagination: `?limit=` (1–100, default 20) and an opaque `cursor` that wraps DynamoDB's
 * LastEvaluatedKey. A cursor that was tampered with is a 400, not a 500.
 */
import * as z from 'zod';
import { ValidationError } from '../errors.ts';

export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  // A cursor wraps one key of a few short attributes: far under this.
  cursor: z.string().min(1).max(2048).optional(),
});

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;
}

/** What the query being paged fixes about its key: a cursor from another query is refused. */
export interface CursorScope {
  /** Key attributes whose value the query fixes (its partition key). */
  equal?: Record<string, string>;
  /** Key attributes the query narrows with begins_with (its sort key). */
  startsWith?: Record<string, string>;
}

/**
 * Decode a cursor into the key it wraps. `keyNames` are the attributes of the table or index key
 * being paged (all strings in this system): a cursor must hold exactly those, and fit the query's
 * `scope`, or DynamoDB would reject it later (a 500 instead of a 400).
 */
export function decodeCursor(
  cursor: string | undefined,
  keyNames: readonly string[],
  scope: CursorScope = {},
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const shape = z.strictObject(Object.fromEntries(keyNames.map((k) => [k, z.string().min(1)])));
    const parsed = shape.safeParse(value);
    if (parsed.success) {
      const key = parsed.data as Record<string, string>;
      const fits =
        Object.entries(scope.equal ?? {}).every(([k, v]) => key[k] === v) &&
        Object.entries(scope.startsWith ?? {}).every(([k, v]) => key[k]?.startsWith(v));
      if (fits) return key;
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('The cursor is not one this API issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
}
