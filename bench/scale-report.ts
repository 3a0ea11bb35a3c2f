// What `npm run bench:scale` prints: each part's figures as soon as that part is over (a later
// failure keeps them on screen), every call next to the call it maps to, then the targets.
import type { LatencySamples, Summary } from './latency-stats.js';
import { ms, ratio } from './latency-stats.js';
import type { ProcessMemory } from './process-memory.js';
import type { ControlOp, ReadOp } from './scale-latency.js';
import type { Creation } from './scale-population.js';
import type { ScheduledJobs, Window } from './scheduled-jobs.js';
import { LATE_AFTER_MS } from './scheduled-jobs.js';

export const TARGETS = { readP50Ms: 20, controlP50Ratio: 1.5, skipped: 0 } as const;

export interface MemoryPoint {
  label: string;
  temporal: ProcessMemory;
  worker: ProcessMemory;
  benchRssBytes: number;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

function table(title: string, rows: string[][]): void {
  console.log('');
  console.log(title);
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
  }
}

function latencyRows(pairs: [string, Summary, string, Summary][]): string[][] {
  return [
    ['call', 'n', 'p50', 'p99', 'max', 'maps to', 'its p50', 'its p99', 'p50 ratio', 'p99 ratio'],
    ...pairs.map(([label, summary, refLabel, ref]) => [
      label,
      String(summary.n),
      ms(summary.p50),
      ms(summary.p99),
      ms(summary.max),
      refLabel,
      ms(ref.p50),
      ms(ref.p99),
      ratio(summary.p50 / ref.p50),
      ratio(summary.p99 / ref.p99),
    ]),
  ];
}

export function printCreation(what: string, creation: Creation): void {
  const rate = creation.created.length / creation.seconds;
  const failed = `${creation.failures.length} failed${creation.failures[0] ? `, first: ${creation.failures[0]}` : ''}`;
  console.log(`= ${what}: ${creation.created.length} syncs in ${creation.seconds.toFixed(1)} s = ${rate.toFixed(1)} syncs/s (${failed})`);
}

export function printMemory(points: MemoryPoint[], windowPeak: { temporalRssBytes: number; workerRssBytes: number } | null): void {
  table('= memory (RSS now / highest so far)', [
    ['when', 'Temporal server', 'worker', 'bench + API'],
    ...points.map((point) => [
      point.label,
      `${mb(point.temporal.rssBytes)} / ${mb(point.temporal.peakRssBytes)}`,
      `${mb(point.worker.rssBytes)} / ${mb(point.worker.peakRssBytes)}`,
      mb(point.benchRssBytes),
    ]),
    ...(windowPeak ? [['highest sampled in the window', mb(windowPeak.temporalRssBytes), mb(windowPeak.workerRssBytes), '']] : []),
  ]);
}

export function printReads(reads: LatencySamples<ReadOp>, syncs: number, listedSyncs: number): void {
  table(
    `= reads at ${syncs} syncs (a list walk saw ${listedSyncs})`,
    latencyRows([
      ['GET /v1/syncs?limit=100', reads.of('api list page'), 'storage, in process', reads.of('storage list page')],
      ['GET /v1/syncs/:id active', reads.of('api detail (active)'), 'schedule describe', reads.of('raw describe')],
      ['GET /v1/syncs/:id paused', reads.of('api detail (paused)'), 'storage, in process', reads.of('storage detail')],
    ]),
  );
}

export function printControl(control: LatencySamples<ControlOp>): void {
  const noop = control.of('no-op update');
  table(
    "= control (PUT /v1/syncs) next to the raw @temporalio/client call on the same sync's schedule, and a no-op Update",
    latencyRows([
      ['pause', control.of('api pause'), 'schedule pause', control.of('raw pause')],
      ['resume', control.of('api resume'), 'schedule unpause', control.of('raw unpause')],
      ['trigger', control.of('api trigger'), 'schedule trigger', control.of('raw trigger')],
      ['pause', control.of('api pause'), 'no-op update', noop],
      ['resume', control.of('api resume'), 'no-op update', noop],
      ['trigger', control.of('api trigger'), 'no-op update', noop],
    ]),
  );
}

export function printJobs(jobs: ScheduledJobs, window: Window, minutes: number): void {
  const late = LATE_AFTER_MS / 1000;
  table(`= scheduled jobs of the 1-minute set, ${window.from.toISOString()} to ${window.to.toISOString()} (${minutes} min)`, [
    ['figure', 'value'],
    ['fire times in the window (from the specs)', String(jobs.expected)],
    ['job workflows started for them', `${jobs.started} (${(jobs.started / minutes).toFixed(0)} per minute)`],
    ['job rows opened / succeeded / failed', `${jobs.begun} / ${jobs.succeeded} / ${jobs.failed}`],
    ['missing (no job for a fire time)', String(jobs.missing)],
    [`started late (> ${late} s after the fire time)`, String(jobs.lateStarts)],
    ['workflow start delay p50 / p99 / max', `${ms(jobs.startDelay.p50)} / ${ms(jobs.startDelay.p99)} / ${ms(jobs.startDelay.max)}`],
    [`job row opened late (> ${late} s)`, String(jobs.lateBegins)],
    ['job row open delay p50 / p99 / max', `${ms(jobs.beginDelay.p50)} / ${ms(jobs.beginDelay.p99)} / ${ms(jobs.beginDelay.max)}`],
    ['Temporal: missed catch-up window / skipped overlap, in the window', `${jobs.missedCatchupWindow} / ${jobs.skippedOverlap}`],
    ["the same over the schedules' lives (creation included)", `${jobs.missedCatchupWindowEver} / ${jobs.skippedOverlapEver}`],
    ['schedules Temporal did not describe in time (left out)', String(jobs.undescribed)],
  ]);
}

export function printTargets(reads: LatencySamples<ReadOp>, control: LatencySamples<ControlOp>, jobs: ScheduledJobs | null): void {
  const readRow = (label: string, op: ReadOp): [string, string, string, boolean] => {
    const value = reads.of(op).p50;
    return [label, ms(value), `< ${TARGETS.readP50Ms} ms`, value < TARGETS.readP50Ms];
  };
  const controlRow = (label: string, api: ControlOp, raw: ControlOp): [string, string, string, boolean] => {
    const value = control.of(api).p50 / control.of(raw).p50;
    return [`${label} p50 / raw p50`, ratio(value), `<= ${TARGETS.controlP50Ratio}x`, value <= TARGETS.controlP50Ratio];
  };
  const rows = [
    readRow('list p50', 'api list page'),
    readRow('detail p50, active', 'api detail (active)'),
    readRow('detail p50, paused', 'api detail (paused)'),
    controlRow('pause', 'api pause', 'raw pause'),
    controlRow('resume', 'api resume', 'raw unpause'),
    controlRow('trigger', 'api trigger', 'raw trigger'),
  ];
  if (jobs) {
    // A fire time Temporal missed in the window also has no job: counted once.
    const skipped = Math.max(jobs.missing, jobs.missedCatchupWindow + jobs.skippedOverlap);
    rows.push(['skipped scheduled jobs', String(skipped), `= ${TARGETS.skipped}`, skipped === TARGETS.skipped]);
  }
  table('= targets', [
    ['target', 'value', 'target', ''],
    ...rows.map(([label, value, target, pass]) => [label, value, target, verdict(pass)]),
  ]);
}
