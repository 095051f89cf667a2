import { describe, it, expect, vi } from 'vitest';
import { z } from 'zod';
import { ConfigError, lazily, once, parseEnv, required } from '../../../shared/config.ts';

const serviceEnv = z.object({
  ORDERS_TABLE: required(),
  QUEUE_URL: z.url(),
  BATCH_SIZE: z.coerce.number().int().min(1),
});

describe('parseEnv', () => {
  it('returns the typed values of a valid environment', () => {
    const env = { ORDERS_TABLE: 'orders', QUEUE_URL: 'http://127.0.0.1:9324/q', BATCH_SIZE: '10' };

    const parsed = parseEnv(serviceEnv, env);

    expect(parsed).toEqual({ ORDERS_TABLE: 'orders', QUEUE_URL: 'http://127.0.0.1:9324/q', BATCH_SIZE: 10 });
  });

  it('throws one ConfigError naming every missing and malformed variable', () => {
    const env = { QUEUE_URL: 'not a url', BATCH_SIZE: 'ten' };

    const thrown = (() => {
      try {
        parseEnv(serviceEnv, env);
      } catch (error) {
        return error;
      }
      return undefined;
    })();

    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as ConfigError).message;
    expect(message.split('\n')[0]).toBe('Invalid environment:');
    expect(message).toContain('  ORDERS_TABLE: is required');
    expect(message).toMatch(/^ {2}QUEUE_URL: /m);
    expect(message).toMatch(/^ {2}BATCH_SIZE: /m);
    expect(message.split('\n')).toHaveLength(4);
  });

  it('treats an empty string as missing for required()', () => {
    expect(() => parseEnv(z.object({ ORDERS_TABLE: required() }), { ORDERS_TABLE: '' })).toThrow('ORDERS_TABLE: is required');
  });
});

describe('once', () => {
  it('runs the factory on first use only and returns the same value after', () => {
    const factory = vi.fn(() => ({ built: true }));
    const get = once(factory);

    const first = get();
    const second = get();

    expect(factory).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
  });

  it('does not run the factory until first use', () => {
    const factory = vi.fn(() => 42);

    once(factory);

    expect(factory).not.toHaveBeenCalled();
  });

  it('memoises a falsy value too', () => {
    const factory = vi.fn(() => undefined);
    const get = once(factory);

    get();
    get();

    expect(factory).toHaveBeenCalledTimes(1);
  });
});

describe('lazily', () => {
  it('builds each property on its first read only, once, and never the ones not read', () => {
    const s3 = vi.fn(() => ({ kind: 's3' }));
    const repo = vi.fn(() => ({ kind: 'repo' }));
    const deps = lazily<{ s3: { kind: string }; repo: { kind: string } }>({ s3, repo });

    expect(s3).not.toHaveBeenCalled();
    const first = deps.repo;
    expect(deps.repo).toBe(first);
    expect(first.kind).toBe('repo');
    expect(repo).toHaveBeenCalledTimes(1);
    expect(s3).not.toHaveBeenCalled();
  });

  it('lists its properties and builds them all when spread', () => {
    const deps = lazily<{ a: number; b: string }>({ a: () => 1, b: () => 'x' });

    expect(Object.keys(deps)).toEqual(['a', 'b']);
    expect({ ...deps, c: true }).toEqual({ a: 1, b: 'x', c: true });
  });
});
