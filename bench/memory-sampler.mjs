// Preloaded into a worker process (`--import ./bench/memory-sampler.mjs`) by profile-memory.ts.
// Plain JavaScript, because Temporal's workflow threads inherit the flag without tsx's loader.
// In the main thread, samples process.memoryUsage() every 100 ms and, at exit, prints one line
// `memory-sampler {json}` with the peak of each figure and a coarse timeline, to tell V8 heap
// growth from native (Temporal core, SQLite, fetch buffers) growth.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const samples = [];
  const started = Date.now();
  const MB = 1024 * 1024;
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    samples.push({ at: Date.now() - started, ...usage });
  }, 100);
  timer.unref();

  process.on('exit', () => {
    const peak = (key) => Math.round(Math.max(0, ...samples.map((sample) => sample[key])) / MB);
    const step = Math.max(1, Math.floor(samples.length / 16));
    const timeline = samples
      .filter((_, index) => index % step === 0)
      .map((s) => `${(s.at / 1000).toFixed(1)}s rss=${Math.round(s.rss / MB)} heap=${Math.round(s.heapUsed / MB)}/${Math.round(s.heapTotal / MB)} ext=${Math.round(s.external / MB)}`);
    const summary = {
      peakMb: { rss: peak('rss'), heapTotal: peak('heapTotal'), heapUsed: peak('heapUsed'), external: peak('external'), arrayBuffers: peak('arrayBuffers') },
      maxRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / MB),
      timeline,
    };
    process.stdout.write(`memory-sampler ${JSON.stringify(summary, null, 1)}\n`);
  });
}
