/**
 * Domain errors and their one mapping to RFC 9457 problem+json. Use cases throw these; the HTTP
 * error middleware turns them into responses. Anything else becomes an opaque 500: nothing from an
 * exception (message, stack, AWS error body) ever reaches a caller.
 */
import type { Localized } from './i18n/localized.ts';

export interface FieldError {
  path: string;
  message: string;
  /** The message in Vietnamese and English, where it is one people read (an eligibility reason); `message` is its English. */
  messageText?: Localized;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  readonly errors: FieldError[];
  /** RFC 9457 extension members: machine-readable facts about the refusal (e.g. the earlier grant). */
  readonly extensions: Record<string, unknown>;
  constructor(detail: string, options?: { cause?: unknown; errors?: FieldError[]; extensions?: Record<string, unknown> }) {
    super(detail, options);
    this.name = new.target.name;
    this.errors = options?.errors ?? [];
    this.extensions = options?.extensions ?? {};
  }
}

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly title = 'Invalid input';
}
export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly title = 'Unauthorized';
}
export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly title = 'Forbidden';
}
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly title = 'Not found';
}
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly title = 'Conflict';
}
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly title = 'Payload too large';
}
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly title = 'Unsupported media type';
}
/** A business rule refused the request (not eligible, would duplicate support, …). */
export class RuleViolationError extends DomainError {
  readonly status = 422;
  readonly title = 'Rule violated';
}
export class ThrottledError extends DomainError {
  readonly status = 429;
  readonly title = 'Too many requests';
}
/**
 * Not ready to answer yet (e.g. an in-memory index still loading at a cold start): 503, and the
 * HTTP error mapper sends `Retry-After` with these seconds, so a client waits instead of failing.
 */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly title = 'Service unavailable';
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors: FieldError[];
  [extension: string]: unknown;
}

const PROBLEM_BASE = 'https://sme-support.hanoi.gov.vn/problems/';

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** Map any thrown value to a problem. Unknown errors become a generic 500 with no details. */
export function toProblem(error: unknown, instance?: string): Problem {
  if (error instanceof DomainError) {
    return {
      ...error.extensions,
      type: PROBLEM_BASE + slug(error.title),
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(instance ? { instance } : {}),
      errors: error.errors,
    };
  }
  return {
    type: PROBLEM_BASE + 'internal-error',
    title: 'Internal error',
    status: 500,
    detail: 'The request could not be completed. It has been logged; quote the request id when reporting it.',
    ...(instance ? { instance } : {}),
    errors: [],
  };
}
