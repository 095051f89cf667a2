/**
 * Optimistic concurrency over HTTP: every versioned resource answers with its version as the ETag,
 * and a write may send `If-Match` with the version it read (a mismatch is a 409; design-notes.md).
 */
import { ValidationError } from '../errors.ts';
import type { HttpResult } from './handler.ts';

/** `If-Match: "3"` (or W/"3", or 3) → 3; absent → undefined. */
export function expectedVersion(headers: Record<string, string | undefined>): number | undefined {
  const raw = headers['if-match'];
  if (raw === undefined) return undefined;
  const m = raw.trim().match(/^(?:W\/)?"?(\d{1,9})"?$/);
  if (!m)
    throw new ValidationError('If-Match must be the version (ETag) you read, e.g. "3"', {
      errors: [{ path: 'header.if-match', message: 'not a version' }],
    });
  return Number(m[1]);
}

/** A result whose ETag is the body's version. */
export const versioned = <B extends { version: number }>(status: number, body: B): HttpResult => ({
  status,
  body,
  headers: { etag: `"${body.version}"` },
});
