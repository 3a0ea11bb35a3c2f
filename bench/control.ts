// `npm run bench:control`: how long pause, resume, trigger and a PATCH of the frequency take
// through the REST API, next to the raw Temporal calls they map to and a no-op Update round trip.
//
// Starts its own in-memory Temporal dev server and a syncd (API and worker in one process, as
// `npm start` runs them). Sequential calls are interleaved round by round, so the background jobs
// that resume and trigger start weigh on every figure alike. Then 100 concurrent triggers over
// 100 syncs, and 20 concurrent triggers on one sync, next to the same burst of no-op updates and of
// raw schedule triggers. Where the time of one update goes is read
// from the entity workflow's history. Beside them runs the design's floor: a bare workflow whose
// Update makes the same raw schedule call in one local activity (update-floor.ts).
//
// Targets (the figures are what we track; this script never fails on them):
//   - pause, resume and trigger p50 at most 1.5x the no-op Update round trip's p50, p95 at most 2x its p95;
//   - 100 concurrent triggers over 100 syncs: p95 under 3x the sequential trigger p50.
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ScheduleHandle, ScheduleOverlapPolicy } from '@temporalio/client';
import { scheduleSpecFor } from '../activities/schedule-spec.js';
import { syncWorkflowId } from '../src/contracts/ids.js';
import { triggerUpdate } from '../src/temporal/messages.js';
import { numberedRecords } from '../test/helpers/fake-api.js';
import type { Harness } from '../test/helpers/harness.js';
import {
  type ApiControlOp,
  apiControlRound,
  createRawSchedules,
  noopUpdate,
  ok,
  type RawControlOp,
  rawControlRound,
} from './control-calls.js';
import { startBenchEnvironment } from './environment.js';
import { LatencySamples, ms, ratio, type Summary, summarise, timed } from './latency-stats.js';
import { startUpdateFloor, type UpdateFloor } from './update-floor.js';
import { lastUpdatePhases } from './update-phases.js';

const ROUNDS = 30;
const WARM_UP_ROUNDS = 5;
/** Sequential calls rotate over this many syncs (and raw schedules), so jobs spread out. */
const ROTATION = 10;
const CONCURRENT_SYNCS = 100;
const CONCURRENT_ON_ONE = 20;
const HOUR = 3600;

type Op =
  | ApiControlOp
  | RawControlOp
  | 'api patch frequency'
  | 'api get (read-back)'
  | 'client trigger update'
  | 'raw update spec'
  | 'raw describe'
  | 'no-op update'
  | 'floor no-op update'
  | 'floor pause'
  | 'floor unpause'
  | 'floor trigger';

async function createPausedSyncs(h: Harness, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, () =>
      h.createSync({ url: h.fakeApi.url('/items'), frequency: '1 hour', paused: true }),
    );
    ids.push(...(await Promise.all(batch)).map((sync) => sync.sync_id));
  }
  return ids;
}

const SETTLE_TIMEOUT_MS = 10_000;

/**
 * Waits until a job newer than `afterJobId` has ended on the sync, so the job a resume or trigger
 * started does not weigh on the next call timed (the no-op Update is timed in quiet too).
 */
async function settle(h: Harness, syncId: number, afterJobId: number): Promise<number> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const job = (await h.storage.latestJobs([syncId])).get(syncId);
    if (job && job.job_id > afterJobId && job.status !== 'running') return job.job_id;
    if (Date.now() > deadline) throw new Error(`no job of sync ${syncId} ended within ${SETTLE_TIMEOUT_MS} ms`);
    await sleep(10);
  }
}

async function sequential(
  h: Harness,
  rotation: number[],
  raws: ScheduleHandle[],
  noopSyncId: number,
  floor: UpdateFloor,
): Promise<LatencySamples<Op>> {
  const samples = new LatencySamples<Op>(WARM_UP_ROUNDS);
  const longer = new Set<number>();
  let lastJobId = 0;
  for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round += 1) {
    const syncId = rotation[round % rotation.length]!;
    const raw = raws[round % raws.length]!;
    const workflow = h.client.workflow.getHandle(syncWorkflowId(syncId));
    const every = longer.has(syncId) ? HOUR : 2 * HOUR;
    if (longer.has(syncId)) longer.delete(syncId);
    else longer.add(syncId);
    await apiControlRound(h, samples, round, syncId, async () => {
      lastJobId = await settle(h, syncId, lastJobId);
    });
    await samples.record('api patch frequency', round, () =>
      ok(h.api('PATCH', `/v1/syncs/${syncId}`, { frequency: `${every / HOUR} hours` }), 'patch'),
    );
    await samples.record('api get (read-back)', round, () => ok(h.api('GET', `/v1/syncs/${syncId}`), 'get'));
    await samples.record('client trigger update', round, () => workflow.executeUpdate(triggerUpdate, { args: [null] }));
    lastJobId = await settle(h, syncId, lastJobId);
    await rawControlRound(samples, round, raw);
    await samples.record('raw update spec', round, () =>
      raw.update((previous) => ({ ...previous, spec: scheduleSpecFor({ type: 'interval', every_seconds: every }, Date.now()) })),
    );
    await samples.record('raw describe', round, () => raw.describe());
    await samples.record('no-op update', round, () => noopUpdate(h, noopSyncId));
    await samples.record('floor unpause', round, () => floor.scheduleCall(raw.scheduleId, 'unpause'));
    await samples.record('floor pause', round, () => floor.scheduleCall(raw.scheduleId, 'pause'));
    await samples.record('floor trigger', round, () => floor.scheduleCall(raw.scheduleId, 'trigger'));
    await samples.record('floor no-op update', round, () => floor.noop());
  }
  return samples;
}

interface Burst {
  latencies: number[];
  wallMs: number;
}

async function concurrently<T>(items: readonly T[], call: (item: T) => Promise<unknown>): Promise<Burst> {
  const startedAt = performance.now();
  const latencies = await Promise.all(items.map((item) => timed(() => call(item))));
  return { latencies, wallMs: performance.now() - startedAt };
}

const concurrentTriggers = (h: Harness, syncIds: number[]): Promise<Burst> =>
  concurrently(syncIds, (syncId) => ok(h.act('trigger', syncId), 'trigger'));

function report(
  seq: LatencySamples<Op>,
  spread: Burst,
  one: Burst,
  baselines: { noops: Burst; rawTriggers: Burst },
  phases: Map<string, string[]>,
): void {
  const of = (op: Op): Summary => seq.of(op);
  const noop = of('no-op update');
  const rows: [string, Summary, string][] = [
    ['api pause', of('api pause'), 'raw pause'],
    ['api resume', of('api resume'), 'raw unpause'],
    ['api trigger', of('api trigger'), 'raw trigger'],
    ['api patch frequency', of('api patch frequency'), 'raw update spec'],
    ['api get (read-back)', of('api get (read-back)'), 'raw describe'],
    ['client trigger update', of('client trigger update'), 'raw trigger'],
    ['raw pause', of('raw pause'), ''],
    ['raw unpause', of('raw unpause'), ''],
    ['raw trigger', of('raw trigger'), ''],
    ['raw update spec', of('raw update spec'), ''],
    ['raw describe', of('raw describe'), ''],
    ['no-op update', noop, ''],
    ['floor pause', of('floor pause'), 'raw pause'],
    ['floor unpause', of('floor unpause'), 'raw unpause'],
    ['floor trigger', of('floor trigger'), 'raw trigger'],
    ['floor no-op update', of('floor no-op update'), ''],
  ];
  console.log('');
  console.log(`control bench: Node ${process.version}, ${cpus().length} CPUs, ${ROUNDS} sequential rounds after ${WARM_UP_ROUNDS} warm-up`);
  console.log(
    `load average at the end (1/5/15 min): ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' / ')}`,
  );
  const width = 24;
  console.log(
    `${'call'.padEnd(width)}  ${'p50'.padStart(9)}  ${'p95'.padStart(9)}  ${'max'.padStart(9)}  p50 / raw         p50 / no-op  p95 / no-op`,
  );
  for (const [label, summary, rawOp] of rows) {
    const raw = rawOp ? of(rawOp as Op) : null;
    const vsRaw = raw ? `${ratio(summary.p50 / raw.p50)} (${rawOp})` : '';
    console.log(
      `${label.padEnd(width)}  ${ms(summary.p50).padStart(9)}  ${ms(summary.p95).padStart(9)}  ${ms(summary.max).padStart(9)}  ${vsRaw.padEnd(18)}${ratio(summary.p50 / noop.p50).padStart(11)}  ${ratio(summary.p95 / noop.p95).padStart(11)}`,
    );
  }
  const spreadSummary = summarise(spread.latencies);
  const oneSummary = summarise(one.latencies);
  const triggerP50 = of('api trigger').p50;
  console.log('');
  console.log(
    `${CONCURRENT_SYNCS} concurrent triggers over ${CONCURRENT_SYNCS} syncs: p50 ${ms(spreadSummary.p50)}, p95 ${ms(spreadSummary.p95)}, max ${ms(spreadSummary.max)}, all answered in ${ms(spread.wallMs)}`,
  );
  for (const [label, burst] of [
    [`${CONCURRENT_SYNCS} concurrent no-op updates over the same syncs`, baselines.noops],
    [`${CONCURRENT_SYNCS} concurrent raw schedule triggers`, baselines.rawTriggers],
  ] as const) {
    const summary = summarise(burst.latencies);
    console.log(`${label}: p50 ${ms(summary.p50)}, p95 ${ms(summary.p95)}, max ${ms(summary.max)}, all answered in ${ms(burst.wallMs)}`);
  }
  console.log(
    `${CONCURRENT_ON_ONE} concurrent triggers on one sync: p50 ${ms(oneSummary.p50)}, p95 ${ms(oneSummary.p95)}, max ${ms(oneSummary.max)}`,
  );
  console.log('');
  for (const [name, lines] of phases) {
    console.log(`last '${name}' update, from its history:`);
    for (const line of lines) console.log(`  ${line}`);
  }
  const floorNoop = of('floor no-op update');
  console.log(
    `design floor (an Update whose local activity makes the raw call, on a workflow of its own), p50 / its no-op Update p50: pause ${ratio(of('floor pause').p50 / floorNoop.p50)}, unpause ${ratio(of('floor unpause').p50 / floorNoop.p50)}, trigger ${ratio(of('floor trigger').p50 / floorNoop.p50)}`,
  );
  console.log('');
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
  const targets: [string, number, number][] = [
    ['pause p50 / no-op p50', of('api pause').p50 / noop.p50, 1.5],
    ['resume p50 / no-op p50', of('api resume').p50 / noop.p50, 1.5],
    ['trigger p50 / no-op p50', triggerP50 / noop.p50, 1.5],
    ['pause p95 / no-op p95', of('api pause').p95 / noop.p95, 2],
    ['resume p95 / no-op p95', of('api resume').p95 / noop.p95, 2],
    ['trigger p95 / no-op p95', of('api trigger').p95 / noop.p95, 2],
    [`${CONCURRENT_SYNCS} concurrent p95 / sequential trigger p50`, spreadSummary.p95 / triggerP50, 3],
  ];
  for (const [label, value, limit] of targets) {
    console.log(`${label.padEnd(44)}  ${ratio(value).padStart(7)}  target <= ${limit}x  ${verdict(value <= limit)}`);
  }
}

async function main(): Promise<void> {
  const env = await startBenchEnvironment({ inProcessWorker: true });
  try {
    const { h } = env;
    h.fakeApi.records = numberedRecords(1);
    console.log(`creating ${CONCURRENT_SYNCS + 1} paused syncs and ${ROTATION} raw schedules...`);
    const syncIds = await createPausedSyncs(h, CONCURRENT_SYNCS + 1);
    const noopSyncId = syncIds.pop()!;
    const raws = await createRawSchedules(h, ROTATION, HOUR);
    console.log('sequential calls...');
    const floor = await startUpdateFloor(h.client, env.address);
    const seq = await sequential(h, syncIds.slice(0, ROTATION), raws, noopSyncId, floor).finally(() => floor.stop());
    const lastSync = syncWorkflowId(syncIds[(WARM_UP_ROUNDS + ROUNDS - 1) % ROTATION]!);
    const phases = new Map<string, string[]>();
    for (const name of ['pause', 'resume', 'trigger', 'reschedule']) phases.set(name, await lastUpdatePhases(h.client, lastSync, name));
    // Let the jobs of the sequential part finish, so the concurrent part starts from quiet.
    await sleep(3_000);
    console.log(`${CONCURRENT_SYNCS} concurrent triggers...`);
    const spread = await concurrentTriggers(h, syncIds);
    await sleep(3_000);
    console.log(`${CONCURRENT_ON_ONE} concurrent triggers on one sync...`);
    const one = await concurrentTriggers(
      h,
      Array.from({ length: CONCURRENT_ON_ONE }, () => syncIds[CONCURRENT_SYNCS / 2]!),
    );
    await sleep(3_000);
    // What the machine does with the same burst of bare Temporal calls, for scale.
    const noops = await concurrently(syncIds, (syncId) => noopUpdate(h, syncId));
    const burstRaws = await createRawSchedules(h, CONCURRENT_SYNCS, HOUR);
    const rawTriggers = await concurrently(burstRaws, (raw) => raw.trigger(ScheduleOverlapPolicy.BUFFER_ONE));
    report(seq, spread, one, { noops, rawTriggers }, phases);
  } finally {
    await env.stop();
  }
}

await main();
