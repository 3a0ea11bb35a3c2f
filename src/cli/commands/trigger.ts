import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from '../../contracts/job.js';
import type { SyncClient } from '../../sdk/sync-client.js';
import { flag, syncIdArgument } from '../arguments.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { jobLine } from '../format.js';
import { ProgressLine } from '../job-progress.js';
import { printAction } from '../sync-output.js';

const POLL_MS = 500;

async function newestJobId(client: SyncClient, syncId: number): Promise<number> {
  return (await client.jobs(syncId, { limit: 1 })).data[0]?.job_id ?? 0;
}

/**
 * The job the trigger started is the first with a higher id than the newest before it (the oldest
 * such, should a scheduled one follow it): a trigger during a running job queues one follow-up,
 * which starts once that job ends.
 */
async function waitForJob(client: SyncClient, syncId: number, before: number, progress: ProgressLine): Promise<Job> {
  for (;;) {
    const recent = (await client.jobs(syncId)).data;
    const job = recent.filter((candidate) => candidate.job_id > before).at(-1);
    if (job !== undefined && job.status !== 'running') return job;
    if (job !== undefined) {
      progress.show(
        `job ${job.job_id} running: ${job.records.fetched} records fetched, ${job.pages} ${job.pages === 1 ? 'page' : 'pages'}`,
      );
    } else {
      const running = recent.find((candidate) => candidate.status === 'running');
      progress.show(
        running === undefined ? 'waiting for the job to start' : `waiting for job ${running.job_id} to end before the triggered one starts`,
      );
    }
    await sleep(POLL_MS);
  }
}

export const triggerCommand: Command = {
  name: 'trigger',
  summary: 'run a job now (also on a paused sync); --wait follows it to the end',
  positionals: ['id'],
  options: {
    wait: {
      type: 'boolean',
      short: 'w',
      description: 'show the records fetched while the job runs, then its counts; exit 7 if it fails or is cancelled',
    },
  },
  async run({ client, io, args, values, json }) {
    const syncId = syncIdArgument(args[0]!);
    if (!flag(values, 'wait')) {
      printAction(io, json, await client.trigger(syncId), 'triggered');
      return ExitCode.Ok;
    }
    const before = await newestJobId(client, syncId);
    await client.trigger(syncId);
    const progress = new ProgressLine(io);
    const job = await waitForJob(client, syncId, before, progress);
    progress.done();
    io.out(json ? JSON.stringify(job, null, 2) : jobLine(job));
    return job.status === 'succeeded' ? ExitCode.Ok : ExitCode.JobFailed;
  },
};
