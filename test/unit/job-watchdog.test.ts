import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyFailure } from '../../activities/failure-class.js';
import { startWatchdog, type Watchdog } from '../../activities/job-watchdog.js';

const never = new Promise<never>(() => undefined);
const watchdogs: Watchdog[] = [];
afterEach(() => {
  for (const watchdog of watchdogs.splice(0)) watchdog.stop();
});

function watch(stallMs: number, deadlineInMs: number, cancellation = new AbortController().signal, writeGraceMs = 50): Watchdog {
  const watchdog = startWatchdog(
    { stallMs, stallSeconds: stallMs / 1000, deadlineAt: Date.now() + deadlineInMs, maxJobSeconds: 7, writeGraceMs },
    cancellation,
  );
  watchdogs.push(watchdog);
  return watchdog;
}

describe('the job watchdog', () => {
  it('fails a write that never returns as job_stalled, non-retryable and transient', async () => {
    const watchdog = watch(20, 60_000);
    const error = await watchdog.race(never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect(classifyFailure(error)).toEqual({
      class: 'transient',
      code: 'job_stalled',
      message: 'no page was committed for 0.02 s (stall_timeout_seconds)',
    });
    expect(watchdog.signal.aborted).toBe(true);
  });

  it('fails as job_timeout once the deadline passed, however much progress is made', async () => {
    const watchdog = watch(60_000, 0);
    watchdog.progressed();
    const error = await watchdog.race(never).catch((caught: unknown) => caught);
    expect(classifyFailure(error)).toMatchObject({
      class: 'transient',
      code: 'job_timeout',
      message: 'the job ran longer than 7 s (max_job_seconds)',
    });
  });

  it('lets work that finishes win, and keeps quiet while pages are committed', async () => {
    const watchdog = watch(60_000, 60_000);
    expect(await watchdog.race(Promise.resolve('page'))).toBe('page');
    watchdog.progressed();
    expect(watchdog.signal.aborted).toBe(false);
  });

  it('passes the activity cancellation on with its own reason', async () => {
    const cancellation = new AbortController();
    const watchdog = watch(60_000, 60_000, cancellation.signal);
    const raced = watchdog.race(never).catch((caught: unknown) => caught);
    cancellation.abort(new Error('cancelled by the workflow'));
    expect(await raced).toEqual(new Error('cancelled by the workflow'));
  });

  it("lets a page's writes in flight when it fires finish within the grace, so pages and counts agree", async () => {
    const watchdog = watch(60_000, 0, undefined, 60_000);
    let finish = (): void => undefined;
    const writes = new Promise<string>((resolve) => {
      finish = () => resolve('written');
    });
    const settled = watchdog.settle(writes);
    await vi.waitFor(() => expect(watchdog.signal.aborted).toBe(true));
    finish();
    expect(await settled).toBe('written');
  });

  it("gives up writes stuck past the grace with the watchdog's failure", async () => {
    const watchdog = watch(20, 60_000);
    const error = await watchdog.settle(never).catch((caught: unknown) => caught);
    expect(classifyFailure(error)).toMatchObject({ class: 'transient', code: 'job_stalled' });
  });
});
