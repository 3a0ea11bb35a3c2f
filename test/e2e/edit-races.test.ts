import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncScheduleId } from '../../src/contracts/ids.js';
import { parseFrequency } from '../../src/contracts/schedule.js';
import { numberedRecords } from '../helpers/fake-api.js';
import type { Harness } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
  h.fakeApi.reset(numberedRecords(3));
});
afterAll(() => h.stop());

const createPausedSync = async (): Promise<number> =>
  (await h.createSync({ url: h.fakeApi.url('/items'), frequency: '1 hour', paused: true })).sync_id;

describe('concurrent PATCHes of one sync', () => {
  it('each changing another field lose none of them, even while one also waits on a schedule change', async () => {
    const syncId = await createPausedSync();
    for (let round = 1; round <= 3; round += 1) {
      const patches = [
        { friendly_name: `name ${round}`, frequency: `${round + 1} hours` },
        { metadata: { round } },
        { request_timeout_seconds: 10 + round },
        { max_total: 100 + round },
      ];
      const answers = await Promise.all(patches.map((patch) => h.api('PATCH', `/v1/syncs/${syncId}`, patch)));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      const view = (await h.api('GET', `/v1/syncs/${syncId}`)).body;
      expect(view, `round ${round}`).toMatchObject({
        friendly_name: `name ${round}`,
        frequency: `${round + 1} hours`,
        metadata: { round },
        request_timeout_seconds: 10 + round,
        max_total: 100 + round,
      });
    }
  });

  it('each changing the frequency leave the schedule running exactly what the API shows', async () => {
    const syncId = await createPausedSync();
    const schedule = h.client.schedule.getHandle(syncScheduleId(syncId));
    for (let round = 1; round <= 3; round += 1) {
      const frequencies = ['2 hours', '3 hours', '5 hours', '7 hours'];
      const answers = await Promise.all(frequencies.map((frequency) => h.api('PATCH', `/v1/syncs/${syncId}`, { frequency })));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      const shown = (await h.api('GET', `/v1/syncs/${syncId}`)).body.frequency as string;
      const running = (await schedule.describe()).spec.intervals?.[0]?.every;
      expect(running, `round ${round}: API says ${shown}`).toBe(parseFrequency(shown)! * 1000);
    }
  });
});
