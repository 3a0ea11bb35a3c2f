import { constants, PerformanceObserver } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { limitHeapGrowth } from '../../app/heap-growth.js';

/** The kinds of the garbage collections that ran while `work` did. */
async function collectionsDuring(work: () => void): Promise<number[]> {
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
      if (entry.detail?.kind !== undefined) kinds.push(entry.detail.kind);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  work();
  // GC entries are delivered asynchronously, after the collection.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return kinds;
}

it('runs a full collection at once, so the cap sets the next limit, and leaves no gc function exposed', async () => {
  const kinds = await collectionsDuring(() => limitHeapGrowth(20));
  expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
  // Temporal runs workflows in contexts made later: none may find a gc function there.
  expect(runInNewContext('typeof gc')).toBe('undefined');
  expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
});
