/** Small helpers for driving the runtime over HTTP in tests. */
import { resolve } from 'node:path';
import { defaultKeyFile, localIssuer } from '../../local/runtime/jwt.ts';
import { checkAnswer } from './contract.ts';
import { ROOT } from './runtime-process.ts';

export async function tokenFor(
  claims: { agency: string; roles: string[]; commune?: string; sub?: string },
  ttlSeconds?: number,
): Promise<string> {
  const issuer = await localIssuer(defaultKeyFile(resolve(ROOT)));
  return issuer.sign({ sub: claims.sub ?? `test-${claims.agency}`, ...claims }, ttlSeconds);
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * One request to the runtime at `base`. Every answer is held against the contract the runtime
 * serves (test/support/contract.ts): an undeclared status or a body that breaks its schema fails
 * the test.
 */
export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<CallResult<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    ...(opts.rawBody !== undefined ? { body: opts.rawBody } : opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  const answer = { status: res.status, headers: res.headers, body: body as T };
  await checkAnswer(base, { method, path }, answer);
  return answer;
}

/** Poll `check` until it returns a value or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
