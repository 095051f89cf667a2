/**
 * Problem+json (RFC 9457) as the API answers errors, turned into what a form shows: a message for
 * the whole form and one per field, keyed by the field's path (`contact.email`, `answers.x`).
 */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  /** `messageText`: the message in both languages, where the service gives it (a refused submission's reasons). */
  errors?: { path: string; message: string; messageText?: { vi: string; en: string } }[];
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }
  get status() {
    return this.problem.status;
  }
}

export function asProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && 'status' in body) return body as Problem;
  return { status, title: typeof body === 'string' && body ? body.slice(0, 300) : `HTTP ${status}` };
}

/** Field path → messages; a path the form does not show goes to the form-level list. */
export function fieldErrors(problem: Problem | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of problem?.errors ?? []) {
    const key = e.path.replace(/^body\./, '');
    out.set(key, [...(out.get(key) ?? []), e.message]);
  }
  return out;
}

/** Errors whose path names none of `shown` (so they are not lost when no input carries them). */
export function otherErrors(problem: Problem | undefined, shown: readonly string[]): { path: string; message: string }[] {
  return (problem?.errors ?? []).filter((e) => !shown.includes(e.path.replace(/^body\./, '')));
}
