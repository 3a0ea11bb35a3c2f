// `npx tsx bench/profile-memory.ts [node flags...]`: the ingest bench's two jobs (20,000 and
// 200,000 records), each in a fresh worker process preloaded with memory-sampler.mjs, optionally run
// with extra node flags (e.g. --max-semi-space-size=8), to see which part of the worker's memory
// grows with the number of records.
import { createOffsetSync, root, startBenchEnvironment, triggerSync, waitForJob } from './environment.js';
import { benchRecords } from './records.js';
import { startWorkerChild } from './worker-child.js';

const nodeFlags = process.argv.slice(2);
const sizes = (process.env.BENCH_SIZES ?? '20000,200000').split(',').map(Number);
const env = await startBenchEnvironment();
try {
  const { h } = env;
  const all = benchRecords(Math.max(...sizes));
  for (const count of sizes) {
    h.fakeApi.records = all.slice(0, count);
    const worker = await startWorkerChild(root, h.workerEnv, `${count}`, [...nodeFlags, '--import', './bench/memory-sampler.mjs']);
    try {
      const syncId = await createOffsetSync(h, `memory ${count}`);
      await triggerSync(h, syncId);
      const job = await waitForJob(h, syncId);
      const seconds = (Date.parse(job.ended_at!) - Date.parse(job.started_at)) / 1000;
      console.log(`job over ${count} records: ${seconds.toFixed(2)} s, ${Math.round(count / seconds)} records/s`);
    } finally {
      const peak = await worker.stop().catch(() => NaN);
      worker.kill();
      console.log(`peak-rss ${count}: ${(peak / 1024 / 1024).toFixed(1)} MB (flags: ${nodeFlags.join(' ') || 'none'})`);
    }
  }
} finally {
  await env.stop();
}
