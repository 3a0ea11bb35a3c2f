import { expect } from 'vitest';
import type { Job } from '../../src/contracts/job.js';

/** The sync's jobs oldest first. */
export const oldestFirst = (jobs: Job[]): Job[] => [...jobs].sort((a, b) => a.job_id - b.job_id);

/**
 * Fails when two jobs of one sync ran at the same time: each job must start after the previous one
 * ended. Job rows open inside the job workflow and close before it ends, so rows that do not
 * overlap mean workflows that did not either.
 */
export function expectNoOverlap(jobs: Job[]): void {
  const ordered = oldestFirst(jobs);
  for (let index = 1; index < ordered.length; index += 1) {
    const previous = ordered[index - 1]!;
    const current = ordered[index]!;
    expect(previous.ended_at, `job ${previous.job_id} still ran when job ${current.job_id} started`).not.toBeNull();
    expect(
      Date.parse(current.started_at),
      `job ${current.job_id} started at ${current.started_at}, before job ${previous.job_id} ended at ${previous.ended_at}`,
    ).toBeGreaterThanOrEqual(Date.parse(previous.ended_at!));
  }
}

export const allEnded = (jobs: Job[]): boolean => jobs.every((job) => job.status !== 'running');
