/** Bounded concurrency, for adapters, the local runtime and benchmarks. */

/**
 * Run `work` over `items` with at most `limit` calls in flight, taking the items in order. The
 * first failure rejects the whole (the calls already running finish on their own).
 */
export async function forEachLimit<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
