/** forEachLimit: at most `limit` calls in flight, every item once with its index, a failure rejects. */
import { describe, expect, it } from 'vitest';
import { forEachLimit } from '../../../shared/concurrency.ts';

const tick = () => new Promise((r) => setTimeout(r, 2));

describe('forEachLimit', () => {
  it('keeps at most `limit` calls in flight and hands each item once, with its index', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: [string, number][] = [];
    await forEachLimit(['a', 'b', 'c', 'd', 'e'], 2, async (item, i) => {
      most = Math.max(most, ++inFlight);
      await tick();
      seen.push([item, i]);
      inFlight -= 1;
    });
    expect(most).toBe(2);
    expect(seen.sort()).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 3],
      ['e', 4],
    ]);
  });

  it('rejects with the first failure', async () => {
    await expect(
      forEachLimit([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('two');
      }),
    ).rejects.toThrow('two');
  });

  it('does nothing for no items', async () => {
    let calls = 0;
    await forEachLimit([], 4, async () => {
      calls += 1;
    });
    expect(calls).toBe(0);
  });
});
