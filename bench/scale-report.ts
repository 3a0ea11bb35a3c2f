// What `npm run bench:scale` prints: every figure, next to the call it maps to and the target.

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

export interface ScaleResults {
  header: string[];
  population: Creation;
  listedSyncs: number;
  reads: LatencySamples<ReadOp>;
  control: LatencySamples<ControlOp>;
  minuteSet: Creation;
  window: Window;
  windowMinutes: number;
  jobs: ScheduledJobs;
  memory: MemoryPoint[];
  windowPeak: { temporalRssBytes: number; workerRssBytes: number };
  loadAtEnd: string;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows)
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
}

function latencyRows(pairs: [string, Summary, string, Summary | null][]): string[][] {
  return [
    ['call', 'n', 'p50', 'p99', 'max', 'maps to', 'its p50', 'its p99', 'p50 ratio', 'p99 ratio'],
    ...pairs.map(([label, summary, refLabel, ref]) => [
      label,
      String(summary.n),
      ms(summary.p50),
      ms(summary.p99),
      ms(summary.max),
      refLabel,
      ref ? ms(ref.p50) : '',
      ref ? ms(ref.p99) : '',
      ref ? ratio(summary.p50 / ref.p50) : '',
      ref ? ratio(summary.p99 / ref.p99) : '',
    ]),
  ];
}

export function printScaleReport(results: ScaleResults): void {
  const { population, minuteSet, reads, control, jobs } = results;
  const read = (op: ReadOp) => reads.of(op);
  const ctl = (op: ControlOp) => control.of(op);
  console.log('');
  for (const line of results.header) console.log(line);
  console.log('');
  console.log(
    `creation: ${population.created.length} syncs in ${population.seconds.toFixed(1)} s = ${(population.created.length / population.seconds).toFixed(1)} syncs/s` +
      ` (${population.failures.length} failed${population.failures[0] ? `, first: ${population.failures[0]}` : ''})`,
  );
  console.log(
    `1-minute set: ${minuteSet.created.length} syncs in ${minuteSet.seconds.toFixed(1)} s, paced over a minute (${minuteSet.failures.length} failed)`,
  );
  console.log('');
  console.log('memory (RSS now / peak so far)');
  table([
    ['when', 'Temporal server', 'worker', 'bench + API'],
    ...results.memory.map((point) => [
      point.label,
      `${mb(point.temporal.rssBytes)} / ${mb(point.temporal.peakRssBytes)}`,
      `${mb(point.worker.rssBytes)} / ${mb(point.worker.peakRssBytes)}`,
      mb(point.benchRssBytes),
    ]),
    ['highest sampled in the window', mb(results.windowPeak.temporalRssBytes), mb(results.windowPeak.workerRssBytes), ''],
  ]);
  console.log('');
  console.log(`reads at ${population.created.length} syncs (a list walk saw ${results.listedSyncs})`);
  table(
    latencyRows([
      ['GET /v1/syncs?limit=100', read('api list page'), 'storage, in process', read('storage list page')],
      ['GET /v1/syncs/:id active', read('api detail (active)'), 'schedule describe', read('raw describe')],
      ['GET /v1/syncs/:id paused', read('api detail (paused)'), 'storage, in process', read('storage detail')],
    ]),
  );
  console.log('');
  console.log("control (PUT /v1/syncs) next to the raw @temporalio/client call on the same sync's schedule");
  const noop = ctl('no-op update');
  table(
    latencyRows([
      ['pause', ctl('api pause'), 'schedule pause', ctl('raw pause')],
      ['resume', ctl('api resume'), 'schedule unpause', ctl('raw unpause')],
      ['trigger', ctl('api trigger'), 'schedule trigger', ctl('raw trigger')],
      ['pause', ctl('api pause'), 'no-op update', noop],
      ['resume', ctl('api resume'), 'no-op update', noop],
      ['trigger', ctl('api trigger'), 'no-op update', noop],
    ]),
  );
  console.log('');
  const minutes = results.windowMinutes;
  console.log(
    `scheduled jobs of the 1-minute set, ${results.window.from.toISOString()} to ${results.window.to.toISOString()} (${minutes} min)`,
  );
  table([
    ['figure', 'value'],
    ['fire times in the window (from the specs)', String(jobs.expected)],
    ['job workflows started for them', `${jobs.started} (${(jobs.started / minutes).toFixed(0)} per minute)`],
    ['job rows opened / succeeded / failed', `${jobs.begun} / ${jobs.succeeded} / ${jobs.failed}`],
    ['missing (no job for a fire time)', String(jobs.missing)],
    [`started late (> ${LATE_AFTER_MS / 1000} s after the fire time)`, String(jobs.lateStarts)],
    ['workflow start delay p50 / p99 / max', `${ms(jobs.startDelay.p50)} / ${ms(jobs.startDelay.p99)} / ${ms(jobs.startDelay.max)}`],
    [`job row opened late (> ${LATE_AFTER_MS / 1000} s)`, String(jobs.lateBegins)],
    ['job row open delay p50 / p99 / max', `${ms(jobs.beginDelay.p50)} / ${ms(jobs.beginDelay.p99)} / ${ms(jobs.beginDelay.max)}`],
    ['Temporal: missed catch-up window / skipped overlap', `${jobs.missedCatchupWindow} / ${jobs.skippedOverlap}`],
  ]);
  console.log('');
  const skipped = jobs.missing + jobs.missedCatchupWindow + jobs.skippedOverlap;
  const targets: [string, string, string, boolean][] = [
    ['list p50', ms(read('api list page').p50), `< ${TARGETS.readP50Ms} ms`, read('api list page').p50 < TARGETS.readP50Ms],
    [
      'detail p50, active',
      ms(read('api detail (active)').p50),
      `< ${TARGETS.readP50Ms} ms`,
      read('api detail (active)').p50 < TARGETS.readP50Ms,
    ],
    [
      'detail p50, paused',
      ms(read('api detail (paused)').p50),
      `< ${TARGETS.readP50Ms} ms`,
      read('api detail (paused)').p50 < TARGETS.readP50Ms,
    ],
    ...(
      [
        ['pause', 'api pause', 'raw pause'],
        ['resume', 'api resume', 'raw unpause'],
        ['trigger', 'api trigger', 'raw trigger'],
      ] as const
    ).map(([label, api, raw]): [string, string, string, boolean] => {
      const value = ctl(api).p50 / ctl(raw).p50;
      return [`${label} p50 / raw p50`, ratio(value), `<= ${TARGETS.controlP50Ratio}x`, value <= TARGETS.controlP50Ratio];
    }),
    ['skipped scheduled jobs', String(skipped), `= ${TARGETS.skipped}`, skipped === TARGETS.skipped],
  ];
  table([['target', 'value', 'target', ''], ...targets.map(([label, value, target, pass]) => [label, value, target, verdict(pass)])]);
  console.log('');
  console.log(results.loadAtEnd);
}
