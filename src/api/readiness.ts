import type { Client, ConnectionOptions } from '@temporalio/client';
import type { Logger } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time.js';
import type { RequestHandler } from 'express';
import type { Readiness, ReadinessCheck } from '../contracts/readiness.js';
import type { Storage } from '../storage/storage.js';

export interface ReadinessDeps {
  storage: Storage;
  client: Client;
  taskQueue: string;
  logger: Logger;
  /** How long each check may take; a check still waiting then fails (default READY_CHECK_TIMEOUT_MS). */
  readyCheckTimeoutMs?: number;
}

/** Short, so a probe gets its answer within about this long whatever hangs (give the probe a longer timeout). */
export const READY_CHECK_TIMEOUT_MS = 2_000;

/**
 * A poller seen this recently still polls. Temporal lists pollers for minutes after they stopped,
 * and a live worker's long poll is renewed about once a minute when no task comes.
 */
export const POLLER_FRESH_MS = 90_000;

/** temporal.api.enums.v1.TaskQueueType, named by what the worker runs. */
const TASK_QUEUE_TYPES = { workflow: 1, activity: 2 } as const;

/**
 * The Temporal connection of the checks: one attempt per call, connecting within the check's time.
 * The client's default retries back off on timers that outlive the call's answer, and one firing
 * after the connection closed throws out of the process ("Channel has been shut down").
 */
export function readinessConnectionOptions(options: ConnectionOptions): ConnectionOptions {
  return { ...options, interceptors: [], connectTimeout: READY_CHECK_TIMEOUT_MS };
}

class CheckFailed extends Error {}

/** Runs `work` for at most `ms`; a timeout or an error becomes a CheckFailed saying which (the error its cause). */
async function bounded<T>(ms: number, who: string, failure: string, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`${who} did not answer within ${ms} ms`)), ms);
  });
  const answer = work().catch((error: unknown) => {
    throw new CheckFailed(failure, { cause: error });
  });
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function storageCheck({ storage }: ReadinessDeps, ms: number): Promise<void> {
  await bounded(ms, 'the database', 'the database query failed', () => storage.ping());
}

async function temporalCheck({ client }: ReadinessDeps, ms: number): Promise<void> {
  await bounded(ms, 'Temporal', 'Temporal could not be reached', () =>
    client.withDeadline(Date.now() + ms, () => client.workflowService.getSystemInfo({})),
  );
}

/** Fails unless a worker polled the task queue for both kinds of task within POLLER_FRESH_MS. */
async function workerCheck(deps: ReadinessDeps, ms: number): Promise<void> {
  const { client, taskQueue } = deps;
  const describe = (taskQueueType: number) =>
    client.workflowService.describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name: taskQueue }, taskQueueType });
  const answers = await bounded(ms, 'Temporal', 'the task queue could not be described', () =>
    client.withDeadline(Date.now() + ms, () => Promise.all(Object.values(TASK_QUEUE_TYPES).map(describe))),
  );
  const since = Date.now() - POLLER_FRESH_MS;
  const idle = Object.keys(TASK_QUEUE_TYPES).filter(
    (_kind, index) => !(answers[index]?.pollers ?? []).some((poller) => poller.lastAccessTime && tsToMs(poller.lastAccessTime) >= since),
  );
  if (idle.length > 0) {
    throw new CheckFailed(
      `no worker polled task queue ${taskQueue} for ${idle.join(' or ')} tasks in the last ${POLLER_FRESH_MS / 1000} s`,
    );
  }
}

/** A check's outcome; its cause, which may name internal addresses, goes to the log and not to the (keyless) body. */
async function outcome(name: string, check: Promise<void>, logger: Logger): Promise<ReadinessCheck> {
  try {
    await check;
    return { ok: true };
  } catch (error) {
    logger.warn(`readiness: the ${name} check failed`, { error: error instanceof CheckFailed && error.cause ? error.cause : error });
    return { ok: false, detail: error instanceof CheckFailed ? error.message : 'the check failed unexpectedly' };
  }
}

/** Runs the three checks at once, each bounded in time, so the answer always comes quickly. */
export async function readiness(deps: ReadinessDeps): Promise<Readiness> {
  const ms = deps.readyCheckTimeoutMs ?? READY_CHECK_TIMEOUT_MS;
  const [storage, temporal, worker] = await Promise.all([
    outcome('storage', storageCheck(deps, ms), deps.logger),
    outcome('temporal', temporalCheck(deps, ms), deps.logger),
    outcome('worker', workerCheck(deps, ms), deps.logger),
  ]);
  return { ready: storage.ok && temporal.ok && worker.ok, checks: { storage, temporal, worker } };
}

/** `GET /readyz`: 200 when every check passed, 503 otherwise, each check's result in the body. */
export function readyzRoute(deps: ReadinessDeps): RequestHandler {
  return async (_req, res) => {
    const body = await readiness(deps);
    res
      .status(body.ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(body);
  };
}
