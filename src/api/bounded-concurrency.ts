/**
 * Runs `call` over `items` with at most `limit` calls in flight, answering the results in the
 * items' order. A failure rejects at once; calls already started still run to their end.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, call: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await call(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
