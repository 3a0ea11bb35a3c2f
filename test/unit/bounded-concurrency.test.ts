import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src/api/bounded-concurrency.js';

describe('mapBounded', () => {
  it('answers every result in the order of the items, never running more than the limit at once', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapBounded([5, 1, 4, 2, 3, 0], 2, async (item, index) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await sleep(item);
      inFlight -= 1;
      return `${index}:${item}`;
    });
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
    expect(most).toBe(2);
  });

  it('rejects with the first failure and starts no item after it', async () => {
    const started: number[] = [];
    const run = mapBounded([1, 2, 3, 4], 1, async (item) => {
      started.push(item);
      if (item === 2) throw new Error('item 2 failed');
      return item;
    });
    await expect(run).rejects.toThrow('item 2 failed');
    expect(started).toEqual([1, 2]);
  });

  it('answers an empty list without calling anything', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
