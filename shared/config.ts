/**
 * Environment parsing. Each service declares the env it needs as a zod schema and parses it once,
 * at cold start. A missing or malformed variable stops start-up with one message naming every
 * problem: resource names never get defaults, so a mis-wired function fails loudly, not later.
 */
import * as z from 'zod';

export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** Parse `env` (default `process.env`) with `schema`, or throw a {@link ConfigError} listing each bad variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`, { cause: result.error });
}

/** A required, non-empty string (for resource names and URLs). */
export const required = () => z.string({ error: 'is required' }).min(1, 'is required');

/**
 * Memoise a zero-argument factory: config and clients are built on first use, once per process
 * (a Lambda cold start), not at import time, so importing a module never needs the env.
 */
export function once<T>(factory: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: factory() }).v;
}

/**
 * An object whose properties are built on first read, each once: a composition root's adapters,
 * so that a function constructs only the SDK clients it calls (an S3 or Lambda client costs
 * milliseconds of a cold start; most functions of a service never call one).
 */
export function lazily<T extends object>(factories: { [K in keyof T]: () => T[K] }): T {
  const target = {} as T;
  for (const key of Object.keys(factories) as (keyof T)[]) {
    const get = once(factories[key]);
    Object.defineProperty(target, key, { get, enumerable: true });
  }
  return target;
}
