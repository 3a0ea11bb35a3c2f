// The scale bench's latency part: the list walked page by page, one sync's detail, and pause,
// resume and trigger, each sampled next to the call it maps to in the same loop, so load from
// the rest of the machine weighs on both alike.
import { syncScheduleId } from '../src/contracts/ids.js';
import type { Harness } from '../test/helpers/harness.js';
import { seededRandom } from '../test/helpers/seeded-random.js';
import { type ApiControlOp, apiControlRound, noopUpdate, ok, type RawControlOp, rawControlRound } from './control-calls.js';
import { LatencySamples } from './latency-stats.js';

export const LIST_LIMIT = 100;
const WARM_UP = 5;
/** Control rounds rotate over this many paused syncs, so the jobs that resume and trigger start spread out. */
const ROTATION = 20;

export type ReadOp =
  | 'api list page'
  | 'storage list page'
  | 'api detail (active)'
  | 'raw describe'
  | 'api detail (paused)'
  | 'storage detail';

export type ControlOp = ApiControlOp | RawControlOp | 'no-op update';

/**
 * Walks `GET /v1/syncs?limit=100` from the first page to the last, `walks` times; each page also
 * read in process, as the API reads it from storage (syncs, then their latest jobs), to show what
 * HTTP and JSON add. Answers the syncs one walk saw.
 */
export async function sampleList(h: Harness, samples: LatencySamples<ReadOp>, walks: number): Promise<number> {
  let page = 0;
  let seen = 0;
  for (let walk = 0; walk < walks; walk += 1) {
    let cursor: string | null = null;
    let after = 0;
    seen = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const response = await samples.record('api list page', page, () => h.api('GET', `/v1/syncs?limit=${LIST_LIMIT}${query}`));
      if (response.status !== 200) throw new Error(`list answered ${response.status}: ${JSON.stringify(response.body)}`);
      await samples.record('storage list page', page, async () => {
        const rows = await h.storage.listSyncs({ limit: LIST_LIMIT + 1, after });
        return h.storage.latestJobs(rows.slice(0, LIST_LIMIT).map((row) => row.sync_id));
      });
      const data = response.body.data as { sync_id: number }[];
      seen += data.length;
      after = data.at(-1)?.sync_id ?? after;
      cursor = response.body.next_cursor as string | null;
      page += 1;
    } while (cursor);
  }
  return seen;
}

/** `GET /v1/syncs/:id` of random active syncs next to a describe of their schedule, and of paused ones next to a storage read. */
export async function sampleDetail(
  h: Harness,
  samples: LatencySamples<ReadOp>,
  ids: { active: number[]; paused: number[] },
  count: number,
): Promise<void> {
  const random = seededRandom(count);
  const pick = (list: number[]) => list[Math.floor(random() * list.length)]!;
  for (let round = 0; round < WARM_UP + count; round += 1) {
    const active = pick(ids.active);
    await samples.record('api detail (active)', round, () => ok(h.api('GET', `/v1/syncs/${active}`), 'detail'));
    await samples.record('raw describe', round, () => h.client.schedule.getHandle(syncScheduleId(active)).describe());
    const paused = pick(ids.paused);
    await samples.record('api detail (paused)', round, () => ok(h.api('GET', `/v1/syncs/${paused}`), 'detail'));
    await samples.record('storage detail', round, async () => {
      await h.storage.getSync(paused);
      return h.storage.latestJobs([paused]);
    });
  }
}

/**
 * Resume, pause and trigger of paused syncs through the API, then unpause, pause and trigger of
 * the same sync's schedule straight through @temporalio/client, then a no-op Update.
 */
export async function sampleControl(h: Harness, pausedIds: number[], rounds: number): Promise<LatencySamples<ControlOp>> {
  const samples = new LatencySamples<ControlOp>(WARM_UP);
  const [noopSyncId, ...rotation] = pausedIds.slice(0, ROTATION + 1);
  if (noopSyncId === undefined || rotation.length === 0) throw new Error('control rounds need at least two paused syncs');
  for (let round = 0; round < WARM_UP + rounds; round += 1) {
    const syncId = rotation[round % rotation.length]!;
    await apiControlRound(h, samples, round, syncId);
    await rawControlRound(samples, round, h.client.schedule.getHandle(syncScheduleId(syncId)));
    await samples.record('no-op update', round, () => noopUpdate(h, noopSyncId));
  }
  return samples;
}
