import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FunctionThrottledError, invoke } from '../../../../local/runtime/invoke.ts';

const HANDLER = resolve(import.meta.dirname, 'fixtures/gated-handler.ts');

describe('invoke with reserved concurrency (a route that sheds load)', () => {
  it('runs up to the reserved number at once and refuses the next at once, as Lambda throttles, without queueing', async () => {
    let open!: () => void;
    (globalThis as { __gate?: Promise<void> }).__gate = new Promise<void>((r) => (open = r));
    const running = [1, 2].map((n) => invoke(HANDLER, 'gated-reserved', { n }, 5, { reserved: 2 }));
    await new Promise((r) => setTimeout(r, 50));

    const started = Date.now();
    const refused = await invoke(HANDLER, 'gated-reserved', { n: 3 }, 5, { reserved: 2 }).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(FunctionThrottledError);
    expect((refused as FunctionThrottledError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(50);
    open();
    expect(await Promise.all(running)).toEqual([{ n: 1 }, { n: 2 }]);
    // Capacity is back once they finished.
    expect(await invoke(HANDLER, 'gated-reserved', { n: 4 }, 5, { reserved: 2 })).toEqual({ n: 4 });
  });
});
