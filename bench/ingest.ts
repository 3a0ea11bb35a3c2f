// `npm run bench:ingest`: ingest throughput and worker memory, against a baseline from the same run.
//
// Starts its own in-memory Temporal dev server and a harness (API, fake external API, database)
// with no worker in process. For each size (20,000, 200,000 and 1,000,000 records unless
// BENCH_INGEST_SIZES says otherwise, e.g. BENCH_INGEST_SIZES=20000,200000 for a quick run) it
// starts a fresh worker process, runs one triggered job over the fake API's /offset route (pages of
// 1,000, made on demand so the bench process never holds them all), and reads the worker's peak
// RSS when it shuts down. Then it writes 200,000 of the same records (or the largest size, when
// smaller) straight into the same records table for the raw rate.
//
// The engine is SQLite unless DATABASE_URL or BENCH_INGEST_ENGINE=postgres says PostgreSQL
// (bench-database.ts; without DATABASE_URL the bench starts a private PostgreSQL cluster). The URL
// goes to the harness and every worker process, and the report names the engine the harness opened.
//
// Targets (the figures are what we track; this script never fails on them):
//   - the job of the raw insert's size reaches at least half the raw insert rate;
//   - every job ends with exactly as many records fetched and created as the API served;
//   - peak worker RSS of every larger job is within 50 MB of that of the smallest (pages are streamed).
import { cpus, loadavg } from 'node:os';
import type { RecordSource } from '../test/helpers/fake-api.js';
import type { Harness } from '../test/helpers/harness.js';
import { benchDatabase } from './bench-database.js';
import {
  benchEngine,
  createOffsetSync,
  describeEngine,
  PAGE_LIMIT,
  root,
  startBenchEnvironment,
  takeDatabaseUrl,
  triggerSync,
  waitForJob,
} from './environment.js';
import { jobSizes } from './job-sizes.js';
import { type RawInsertResult, rawInsert, rawWriterFor } from './raw-insert.js';
import { averageJsonBytes, benchRecordSource } from './records.js';
import { startWorkerChild, type WorkerChild } from './worker-child.js';

const RAW_RECORDS = 200_000;
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

async function runJob(h: Harness, source: RecordSource, count: number): Promise<JobRun> {
  h.fakeApi.offsetSource = { length: count, slice: (start, end) => source.slice(start, Math.min(count, end)) };
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
    h.fakeApi.offsetSource = null;
  }
}

const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (bytes: number) => bytes / MB;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
const short = (records: number) => (records >= 1_000_000 ? `${fmt(records / 1_000_000)}M` : `${fmt(records / 1000)}k`);

function report(engine: string, runs: JobRun[], rawMethod: string, raw: RawInsertResult, rawRecords: number, recordBytes: number): void {
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
  rows.push([`raw insert ${fmt(rawRecords)}: time`, `${fmt(raw.seconds, 2)} s`]);
  rows.push([`raw insert ${fmt(rawRecords)}: records/s`, fmt(raw.rate)]);
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log('');
  console.log(
    `ingest bench on ${engine}: Node ${process.version}, ${cpus().length} CPUs, ~${recordBytes} bytes of JSON a record, pages of ${PAGE_LIMIT}`,
  );
  console.log(`raw insert: ${rawMethod}`);
  console.log(
    `load average at the end (1/5/15 min): ${loadavg()
      .map((load) => fmt(load, 2))
      .join(' / ')} (other processes skew both rates)`,
  );
  console.log('-'.repeat(width + 30));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  console.log('-'.repeat(width + 30));

  const targets: [string, string, string, string][] = [];
  const compared = runs.find((run) => run.records === rawRecords)!;
  const ratio = compared.rate / raw.rate;
  targets.push([
    `throughput: job ${short(rawRecords)} rate / raw insert rate`,
    fmt(ratio, 3),
    `>= ${MIN_RATIO}`,
    verdict(ratio >= MIN_RATIO),
  ]);
  const [baseline, ...larger] = runs;
  for (const run of larger) {
    const growthMb = mb(run.peakRssBytes) - mb(baseline!.peakRssBytes);
    targets.push([
      `memory: peak RSS ${short(run.records)} - ${short(baseline!.records)}`,
      `${fmt(growthMb, 1)} MB (${fmt(mb(baseline!.peakRssBytes), 1)} -> ${fmt(mb(run.peakRssBytes), 1)})`,
      `<= ${MAX_RSS_GROWTH_MB} MB`,
      verdict(growthMb <= MAX_RSS_GROWTH_MB),
    ]);
  }
  const labelWidth = Math.max(...targets.map(([label]) => label.length));
  const valueWidth = Math.max(...targets.map(([, value]) => value.length));
  for (const [label, value, target, result] of targets) {
    console.log(`${label.padEnd(labelWidth)}  ${value.padEnd(valueWidth)}  target ${target.padEnd(9)}  ${result}`);
  }
}

async function main(): Promise<void> {
  const sizes = jobSizes(process.env.BENCH_INGEST_SIZES);
  const rawRecords = sizes.includes(RAW_RECORDS) ? RAW_RECORDS : sizes.at(-1)!;
  const database = await benchDatabase(process.env.BENCH_INGEST_ENGINE, takeDatabaseUrl());
  const databaseUrl = database.url;
  const env = await startBenchEnvironment(databaseUrl === undefined ? {} : { databaseUrl }).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  try {
    const { h } = env;
    const engine = benchEngine(h);
    console.log(`engine: ${describeEngine(engine)}`);
    if (databaseUrl !== undefined && engine.kind === 'sqlite') {
      console.log('  DATABASE_URL is set, but this build opened SQLite: it has no PostgreSQL engine');
    }
    const source = benchRecordSource(sizes.at(-1)!);
    const recordBytes = averageJsonBytes(source);
    console.log(`records made on demand, ~${recordBytes} bytes of JSON each; jobs of ${sizes.map((size) => fmt(size)).join(', ')} records`);

    const runs: JobRun[] = [];
    for (const count of sizes) {
      console.log(`job over ${fmt(count)} records...`);
      const run = await runJob(h, source, count);
      console.log(`  ${fmt(run.jobSeconds, 2)} s, ${fmt(run.rate)} records/s, worker peak RSS ${fmt(mb(run.peakRssBytes), 1)} MB`);
      runs.push(run);
    }

    const writer = await rawWriterFor(engine);
    console.log(`raw insert of ${fmt(rawRecords)} records...`);
    let raw: RawInsertResult;
    try {
      raw = await rawInsert(writer, await createOffsetSync(h, 'bench raw insert'), source, rawRecords);
    } finally {
      await writer.close();
    }
    console.log(`  ${fmt(raw.seconds, 2)} s, ${fmt(raw.rate)} records/s`);

    report(describeEngine(engine), runs, writer.method, raw, rawRecords, recordBytes);
  } finally {
    try {
      await env.stop();
    } finally {
      await database.stop();
    }
  }
}

await main();
