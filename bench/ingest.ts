// `npm run bench:ingest`: ingest throughput and worker memory, against a baseline from the same run.
//
// Starts its own in-memory Temporal dev server and a harness (API, fake external API, database)
// with no worker in process. For 20,000 and 200,000 records it starts a fresh worker process, runs
// one triggered job over the fake API's /offset route (pages of 1,000), and reads the worker's peak
// RSS when it shuts down. Then it inserts the same 200,000 records straight into the same SQLite
// file (one prepared INSERT, transactions of 1,000 rows) for the raw rate.
//
// Targets (the figures are what we track; this script never fails on them):
//   - the job reaches at least half the raw insert rate;
//   - peak worker RSS at 200,000 records is within 50 MB of that at 20,000 (pages are streamed).
import { cpus, loadavg } from 'node:os';
import type { FakeRecord } from '../test/helpers/fake-api.js';
import type { Harness } from '../test/helpers/harness.js';
import { createOffsetSync, PAGE_LIMIT, root, startBenchEnvironment, triggerSync, waitForJob } from './environment.js';
import { rawInsert } from './raw-insert.js';
import { averageJsonBytes, benchRecords } from './records.js';
import { startWorkerChild, type WorkerChild } from './worker-child.js';

const SIZES = [20_000, 200_000] as const;
const MIN_RATIO = 0.5;
const MAX_RSS_GROWTH_MB = 50;
const MB = 1024 * 1024;

interface JobRun {
  records: number;
  jobSeconds: number;
  observedSeconds: number;
  rate: number;
  peakRssBytes: number;
  fetched: number;
  created: number;
  pages: number;
}

async function runJob(h: Harness, all: FakeRecord[], count: number): Promise<JobRun> {
  h.fakeApi.records = all.slice(0, count);
  let worker: WorkerChild | undefined = await startWorkerChild(root, h.workerEnv, `${count}`);
  try {
    const syncId = await createOffsetSync(h, `bench ${count}`);
    const startedAt = performance.now();
    await triggerSync(h, syncId);
    const job = await waitForJob(h, syncId);
    const observedSeconds = (performance.now() - startedAt) / 1000;
    const jobSeconds = (Date.parse(job.ended_at!) - Date.parse(job.started_at)) / 1000;
    const peakRssBytes = await worker.stop();
    worker = undefined;
    return {
      records: count,
      jobSeconds,
      observedSeconds,
      rate: count / jobSeconds,
      peakRssBytes,
      fetched: job.records.fetched,
      created: job.records.created,
      pages: job.pages,
    };
  } finally {
    worker?.kill();
    h.fakeApi.records = [];
  }
}

const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (bytes: number) => bytes / MB;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

function report(runs: JobRun[], raw: { seconds: number; rate: number }, recordBytes: number): void {
  const small = runs.find((run) => run.records === SIZES[0])!;
  const large = runs.find((run) => run.records === SIZES[1])!;
  const ratio = large.rate / raw.rate;
  const growthMb = mb(large.peakRssBytes) - mb(small.peakRssBytes);
  const rows: [string, string][] = [];
  for (const run of runs) {
    rows.push([
      `job ${fmt(run.records)}: wall time (job row / observed)`,
      `${fmt(run.jobSeconds, 2)} s / ${fmt(run.observedSeconds, 2)} s`,
    ]);
    rows.push([`job ${fmt(run.records)}: records/s`, fmt(run.rate)]);
    rows.push([
      `job ${fmt(run.records)}: fetched / created / pages`,
      `${fmt(run.fetched)} / ${fmt(run.created)} / ${fmt(run.pages)} ${verdict(run.fetched === run.records && run.created === run.records)}`,
    ]);
    rows.push([`job ${fmt(run.records)}: worker peak RSS`, `${fmt(mb(run.peakRssBytes), 1)} MB`]);
  }
  rows.push([`raw insert ${fmt(SIZES[1])}: time`, `${fmt(raw.seconds, 2)} s`]);
  rows.push([`raw insert ${fmt(SIZES[1])}: records/s`, fmt(raw.rate)]);
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log('');
  console.log(
    `ingest bench: Node ${process.version}, ${cpus().length} CPUs, ~${recordBytes} bytes of JSON a record, pages of ${PAGE_LIMIT}`,
  );
  console.log(
    `load average at the end (1/5/15 min): ${loadavg()
      .map((load) => fmt(load, 2))
      .join(' / ')} (other processes skew both rates)`,
  );
  console.log('-'.repeat(width + 30));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  console.log('-'.repeat(width + 30));
  const targets: [string, string, string, boolean][] = [
    ['throughput: job 200k rate / raw insert rate', `${fmt(ratio, 3)}`, `>= ${MIN_RATIO}`, ratio >= MIN_RATIO],
    [
      'memory: peak RSS 200k - 20k',
      `${fmt(growthMb, 1)} MB (${fmt(mb(small.peakRssBytes), 1)} -> ${fmt(mb(large.peakRssBytes), 1)})`,
      `<= ${MAX_RSS_GROWTH_MB} MB`,
      growthMb <= MAX_RSS_GROWTH_MB,
    ],
  ];
  const targetWidth = Math.max(...targets.map(([label]) => label.length));
  for (const [label, value, target, pass] of targets) {
    console.log(`${label.padEnd(targetWidth)}  ${value.padEnd(34)}  target ${target.padEnd(9)}  ${verdict(pass)}`);
  }
}

async function main(): Promise<void> {
  const env = await startBenchEnvironment();
  try {
    const { h } = env;
    const all = benchRecords(Math.max(...SIZES));
    const recordBytes = averageJsonBytes(all);
    console.log(`generated ${fmt(all.length)} records, ~${recordBytes} bytes of JSON each`);

    const runs: JobRun[] = [];
    for (const count of SIZES) {
      console.log(`job over ${fmt(count)} records...`);
      const run = await runJob(h, all, count);
      console.log(`  ${fmt(run.jobSeconds, 2)} s, ${fmt(run.rate)} records/s, worker peak RSS ${fmt(mb(run.peakRssBytes), 1)} MB`);
      runs.push(run);
    }

    console.log(`raw insert of ${fmt(all.length)} records...`);
    const rawSyncId = await createOffsetSync(h, 'bench raw insert');
    const raw = rawInsert(h.workerEnv.SYNCD_DB_PATH!, rawSyncId, all);
    console.log(`  ${fmt(raw.seconds, 2)} s, ${fmt(raw.rate)} records/s`);

    report(runs, raw, recordBytes);
  } finally {
    await env.stop();
  }
}

await main();
