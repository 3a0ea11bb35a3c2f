// `npx tsx bench/profile-job.ts [records]`: one ingest job (default 200,000 records) in a worker
// process run with --cpu-prof, then where that worker's main thread spent its CPU: self time by
// function, and inclusive time of the functions an ingest goes through.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOffsetSync, root, startBenchEnvironment, triggerSync, waitForJob } from './environment.js';
import { benchRecords } from './records.js';
import { startWorkerChild } from './worker-child.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const INCLUSIVE = [
  'fetchAndStoreRecords',
  'fetchPage',
  'upsertRecords',
  'contentHash',
  'canonicalJson',
  'keyedRecords',
  'recordJobProgress',
  'heartbeat',
  'parse',
  'stringify',
  'run',
  'get',
  '(garbage collector)',
];

const count = Number(process.argv[2] ?? 200_000);
const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const where = (node: ProfileNode) => {
  const file = node.callFrame.url ? `${path.relative(root, node.callFrame.url.replace(/^file:\/\//, ''))}:${node.callFrame.lineNumber + 1}` : '';
  return `${node.callFrame.functionName || '(anonymous)'} ${file}`.trim();
};

function summarise(profile: CpuProfile, windowStartUs: number, windowEndUs: number): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // Sample time: each sample lasts until the next one; keep only samples inside the job's window.
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  let total = 0;
  for (let index = 0; index < profile.samples.length; index += 1) {
    at += profile.timeDeltas[index] ?? 0;
    const duration = profile.timeDeltas[index + 1] ?? 0;
    if (at < windowStartUs || at > windowEndUs) continue;
    const id = profile.samples[index]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + duration);
    total += duration;
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    self.set(where(node), (self.get(where(node)) ?? 0) + us);
    // Inclusive: credit each named function once per stack, however deep it recurses.
    const credited = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const name = byId.get(current)!.callFrame.functionName;
      if (INCLUSIVE.includes(name) && !credited.has(name)) {
        credited.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + us);
      }
    }
  }
  const idle = self.get('(idle)') ?? 0;
  console.log(`\nworker main thread during the job: ${fmt(total / 1e6, 2)} s sampled, of which idle ${fmt(idle / 1e6, 2)} s (${fmt((100 * idle) / total, 1)}%)`);
  console.log('\nself time, top 25:');
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${fmt(us / 1e6, 2).padStart(7)} s  ${fmt((100 * us) / total, 1).padStart(5)}%  ${name}`);
  }
  console.log('\ninclusive time (a name counts every function so called, e.g. every JSON.parse / Statement.run):');
  for (const name of INCLUSIVE) {
    const us = inclusive.get(name) ?? 0;
    console.log(`  ${fmt(us / 1e6, 2).padStart(7)} s  ${fmt((100 * us) / total, 1).padStart(5)}%  ${name}`);
  }
}

const profileDir = await mkdtemp(path.join(tmpdir(), 'syncd-cpuprof-'));
const env = await startBenchEnvironment();
try {
  const { h } = env;
  h.fakeApi.records = benchRecords(count);
  const worker = await startWorkerChild(root, h.workerEnv, `${count}`, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  let job;
  let stoppedAt = 0;
  try {
    const syncId = await createOffsetSync(h, `profile ${count}`);
    await triggerSync(h, syncId);
    job = await waitForJob(h, syncId);
  } finally {
    const peak = await worker.stop().catch((error: unknown) => {
      worker.kill();
      throw error;
    });
    stoppedAt = Date.now();
    console.log(`worker peak RSS ${fmt(peak / 1024 / 1024, 1)} MB`);
  }
  const seconds = (Date.parse(job.ended_at!) - Date.parse(job.started_at)) / 1000;
  console.log(`job ${job.job_id}: ${fmt(job.records.fetched)} records in ${fmt(seconds, 2)} s = ${fmt(count / seconds)} records/s`);
  // The largest profile is the worker's main thread (workflow threads write their own, small ones).
  const files = await Promise.all(
    (await readdir(profileDir)).filter((name) => name.endsWith('.cpuprofile')).map(async (name) => ({ name, size: (await stat(path.join(profileDir, name))).size })),
  );
  const main = files.sort((a, b) => b.size - a.size)[0];
  if (!main) throw new Error('the worker wrote no CPU profile');
  const profile = JSON.parse(await readFile(path.join(profileDir, main.name), 'utf8')) as CpuProfile;
  // Profile clocks are monotonic µs; map the job's wall-clock window onto them by the profile's end,
  // which is when the worker exited (a few ms before stop() returned).
  const wallToProfile = (iso: string) => profile.endTime - (stoppedAt - Date.parse(iso)) * 1000;
  summarise(profile, wallToProfile(job.started_at), wallToProfile(job.ended_at!));
} finally {
  await env.stop();
  await rm(profileDir, { recursive: true, force: true });
}
