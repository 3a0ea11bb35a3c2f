// `npm run bench:scale`: syncd with 10,000 syncs. Run `DATABASE_URL=postgres://… npm run bench:scale`
// for PostgreSQL where the build supports it; the header names the storage the harness really built.
//
// Starts its own in-memory Temporal dev server, a syncd API (in this process, with the fake
// external API) and a syncd worker in a process of its own, and then:
//   1. creates SCALE_SYNCS syncs (10,000) through POST /v1/syncs, SCALE_CONCURRENCY (16) at a time:
//      half paused with frequencies from 1 minute to 1 day, half active from 1 hour up (each runs
//      the job its creation starts, and no other while the bench runs);
//   2. samples GET /v1/syncs?limit=100 (every page, cursor to cursor), GET /v1/syncs/:id, and
//      pause, resume and trigger through PUT /v1/syncs, each next to the call it maps to: the
//      in-process storage read, the schedule describe, and the raw @temporalio/client schedule
//      pause, unpause and trigger on the same sync's schedule, plus a no-op Update round trip;
//   3. adds SCALE_MINUTE_SYNCS syncs (1,000; 0 skips this part) at a 1-minute frequency, created over one minute so
//      their fire times spread, and counts over SCALE_WINDOW_MINUTES (5) the jobs they were due,
//      started, started late (more than 5 s after the fire time) or skipped;
//   4. reads the RSS of the Temporal server and of the worker from /proc before and after each step.
// Each part prints its figures as soon as it is over; the targets come last.
//
// Targets (the figures are what we track; this script never fails on them): list and detail p50
// under 20 ms at 10,000 syncs; pause, resume and trigger p50 at most 1.5x the raw call; no
// scheduled job skipped.
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { workflowTypes } from '../src/contracts/workflow-types.js';
import { numberedRecords } from '../test/helpers/fake-api.js';
import { type BenchEnvironment, root, startBenchEnvironment, storageEngine, takeDatabaseUrl } from './environment.js';
import { LatencySamples } from './latency-stats.js';
import { processMemory } from './process-memory.js';
import { type ReadOp, sampleControl, sampleDetail, sampleList } from './scale-latency.js';
import { scaleOptions } from './scale-options.js';
import { createSyncs, populationPlan } from './scale-population.js';
import { type MemoryPoint, printControl, printCreation, printJobs, printMemory, printReads, printTargets } from './scale-report.js';
import { type ScheduledJobs, scheduleCounters, scheduledJobsIn, type Window } from './scheduled-jobs.js';
import { startWorkerChild, type WorkerChild } from './worker-child.js';

/** After the 1-minute set is created, its creation jobs settle before the window opens. */
const SETTLE_MS = 30_000;
/** After the window closes, a late job still counts if it starts within this. */
const GRACE_MS = 60_000;
const MEMORY_SAMPLE_MS = 5_000;
const MINUTE_MS = 60_000;

const load = (when: string) =>
  `load average ${when} (1/5/15 min): ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ')}`;

async function memoryPoint(env: BenchEnvironment, worker: WorkerChild, label: string): Promise<MemoryPoint> {
  const [temporal, workerMemory] = await Promise.all([processMemory(env.temporalPid), processMemory(worker.pid)]);
  const point = { label, temporal, worker: workerMemory, benchRssBytes: process.memoryUsage().rss };
  console.log(
    `  RSS ${label}: Temporal ${(temporal.rssBytes / 2 ** 20).toFixed(0)} MB, worker ${(workerMemory.rssBytes / 2 ** 20).toFixed(0)} MB`,
  );
  return point;
}

/** Waits until `until`, sampling both processes' RSS and logging the window's progress once a minute. */
interface WindowPeak {
  temporalRssBytes: number;
  workerRssBytes: number;
}

async function watchWindow(env: BenchEnvironment, worker: WorkerChild, window: Window, until: number): Promise<WindowPeak> {
  const peak: WindowPeak = { temporalRssBytes: 0, workerRssBytes: 0 };
  let nextProgress = window.from.getTime() + MINUTE_MS;
  while (Date.now() < until) {
    await sleep(Math.min(MEMORY_SAMPLE_MS, Math.max(0, until - Date.now())));
    const [temporal, workerMemory] = await Promise.all([processMemory(env.temporalPid), processMemory(worker.pid)]);
    peak.temporalRssBytes = Math.max(peak.temporalRssBytes, temporal.rssBytes);
    peak.workerRssBytes = Math.max(peak.workerRssBytes, workerMemory.rssBytes);
    if (Date.now() >= nextProgress) {
      const { count } = await env.h.client.workflow.count(
        `WorkflowType = '${workflowTypes.syncJob}' AND TemporalScheduledStartTime >= '${window.from.toISOString()}'`,
      );
      console.log(`  ${new Date().toISOString()}: ${count} scheduled jobs started since the window opened`);
      nextProgress += MINUTE_MS;
    }
  }
  return peak;
}

async function main(): Promise<void> {
  const options = scaleOptions();
  const loadAtStart = load('at the start');
  console.log(loadAtStart);
  // DATABASE_URL runs the bench on that PostgreSQL database; taken out of this process's own
  // environment, where the dev server's configuration would demand the shared secrets.
  const databaseUrl = takeDatabaseUrl();
  const env = await startBenchEnvironment(databaseUrl === undefined ? {} : { databaseUrl });
  let worker: WorkerChild | undefined;
  try {
    const { h } = env;
    h.fakeApi.records = numberedRecords(1);
    worker = await startWorkerChild(root, h.workerEnv, 'scale');
    console.log(`scale bench: Node ${process.version}, ${cpus().length} CPUs, storage ${storageEngine(h)}`);
    console.log(
      `${options.syncs} syncs (half paused), ${options.minuteSyncs} more at 1 minute over ${options.windowMinutes} min, ` +
        `${options.concurrency} creations at once, ${options.controlRounds} control rounds, ${options.detailSamples} detail samples, ${options.listWalks} list walks`,
    );
    const memory = [await memoryPoint(env, worker, 'idle, no syncs')];

    console.log(`creating ${options.syncs} syncs...`);
    const population = await createSyncs(h, populationPlan(options.syncs), { concurrency: options.concurrency, label: 'scale' });
    printCreation(`created ${options.syncs} syncs, ${options.concurrency} at once`, population);
    memory.push(await memoryPoint(env, worker, `after ${population.created.length} syncs`));

    const active = population.created.filter((sync) => !sync.plan.paused).map((sync) => sync.syncId);
    const paused = population.created.filter((sync) => sync.plan.paused).map((sync) => sync.syncId);
    const reads = new LatencySamples<ReadOp>(5);
    console.log('list walks...');
    const listedSyncs = await sampleList(h, reads, options.listWalks);
    console.log('details...');
    await sampleDetail(h, reads, { active, paused }, options.detailSamples);
    printReads(reads, population.created.length, listedSyncs);
    console.log('control rounds...');
    const control = await sampleControl(h, paused, options.controlRounds);
    printControl(control);
    memory.push(await memoryPoint(env, worker, 'after the latency rounds'));

    let jobs: ScheduledJobs | null = null;
    let windowPeak: WindowPeak | null = null;
    if (options.minuteSyncs > 0) {
      console.log(`creating ${options.minuteSyncs} syncs at 1 minute over a minute...`);
      const minutePlans = Array.from({ length: options.minuteSyncs }, () => ({ frequency: '1 minute', paused: false }));
      const minuteSet = await createSyncs(h, minutePlans, { concurrency: options.concurrency, spreadMs: MINUTE_MS, label: 'minute' });
      printCreation('created the 1-minute set, paced over a minute', minuteSet);
      memory.push(await memoryPoint(env, worker, `after ${minuteSet.created.length} more at 1 minute`));

      const from = new Date(Math.ceil((Date.now() + SETTLE_MS) / 1000) * 1000);
      const window: Window = { from, to: new Date(from.getTime() + options.windowMinutes * MINUTE_MS) };
      const minuteSyncIds = minuteSet.created.map((sync) => sync.syncId);
      // Read during the settling time: a fire time missed between this and the opening counts against the window.
      const atOpening = await scheduleCounters(h, minuteSyncIds);
      if (Date.now() > from.getTime()) console.log("  (reading the schedules' counters outlasted the settling time)");
      console.log(
        `counting scheduled jobs from ${window.from.toISOString()} to ${window.to.toISOString()}, then ${GRACE_MS / 1000} s of grace...`,
      );
      windowPeak = await watchWindow(env, worker, window, window.to.getTime() + GRACE_MS);
      memory.push(await memoryPoint(env, worker, 'after the window'));
      jobs = await scheduledJobsIn(h, minuteSyncIds, window, atOpening);
      printJobs(jobs, window, options.windowMinutes);
    }
    printMemory(memory, windowPeak);
    printTargets(reads, control, jobs);
    console.log('');
    console.log(loadAtStart);
    console.log(load('at the end'));
    await worker.stop();
    worker = undefined;
  } finally {
    worker?.kill();
    await env.stop();
  }
}

await main();
