// Which scheduled jobs of a set of syncs ran in a time window, and how late: the fire times
// their schedules' specs give, against the job workflows Temporal started (their
// TemporalScheduledStartTime, read from visibility) and the job rows the worker opened.
import { setTimeout as sleep } from 'node:timers/promises';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { mapBounded } from '../src/api/bounded-concurrency.js';
import { syncScheduleId } from '../src/contracts/ids.js';
import { workflowTypes } from '../src/contracts/workflow-types.js';
import { SyncIdAttribute } from '../src/temporal/search-attributes.js';
import type { Harness } from '../test/helpers/harness.js';
import { type Summary, summarise } from './latency-stats.js';

/** Set by the scheduler on every workflow it starts: the time the action was due (jitter included). */
const ScheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export const LATE_AFTER_MS = 5_000;
const DESCRIBE_CONCURRENCY = 8;
const DESCRIBE_ATTEMPTS = 3;
/** More jobs than a window of a few minutes at a 1-minute frequency gives, plus the one creation started. */
const JOBS_READ_PER_SYNC = 100;

export interface Window {
  from: Date;
  to: Date;
}

export interface ScheduledJobs {
  /** Fire times the specs put in the window. */
  expected: number;
  /** Job workflows the schedules started for those fire times. */
  started: number;
  /** Expected fire times with no job workflow (missed, skipped, or not started by the time of counting). */
  missing: number;
  /** Job rows the worker opened for those workflows. */
  begun: number;
  succeeded: number;
  failed: number;
  /** Workflow start - scheduled time. */
  startDelay: Summary;
  lateStarts: number;
  /** Job row's started_at (first activity done) - scheduled time. */
  beginDelay: Summary;
  lateBegins: number;
  /** Temporal's own counters, grown since `scheduleCounters` read them as the window opened. */
  missedCatchupWindow: number;
  skippedOverlap: number;
  /** The same over the schedules' lives (creation under load included). */
  missedCatchupWindowEver: number;
  skippedOverlapEver: number;
  /** Schedules whose describe kept failing (a scheduler too busy to answer): left out of every count. */
  undescribed: number;
}

/** How many of `every * k + offset` (epoch ms) fall in [from, to). */
export function firesIn(window: Window, everyMs: number, offsetMs: number): number {
  const firstK = Math.ceil((window.from.getTime() - offsetMs) / everyMs);
  const endK = Math.ceil((window.to.getTime() - offsetMs) / everyMs);
  return Math.max(0, endK - firstK);
}

/** Temporal's counters of one schedule's fire times that started no job. */
export interface ScheduleCounters {
  missedCatchupWindow: number;
  skippedOverlap: number;
}

interface ScheduleFacts extends ScheduleCounters {
  expected: number;
}

/** A scheduler busy catching up can let a describe time out: a few tries, then the schedule is left out. */
async function describeWithRetries(h: Harness, syncId: number) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await h.client.schedule.getHandle(syncScheduleId(syncId)).describe();
    } catch (error) {
      if (attempt >= DESCRIBE_ATTEMPTS) {
        console.log(`  the schedule of sync ${syncId} could not be described: ${error instanceof Error ? error.message : error}`);
        return null;
      }
      await sleep(1000 * attempt);
    }
  }
}

async function scheduleFacts(h: Harness, syncId: number, window: Window): Promise<ScheduleFacts | null> {
  const description = await describeWithRetries(h, syncId);
  if (!description) return null;
  const intervals = description.spec.intervals ?? [];
  if (intervals.length !== 1 || (description.spec.calendars ?? []).length > 0) {
    throw new Error(`the schedule of sync ${syncId} is not a single interval`);
  }
  const { every, offset } = intervals[0]!;
  return {
    expected: description.state.paused ? 0 : firesIn(window, every, offset),
    missedCatchupWindow: description.info.numActionsMissedCatchupWindow,
    skippedOverlap: description.info.numActionsSkippedOverlap,
  };
}

interface StartedJob {
  syncId: number;
  scheduledAt: Date;
  startedAt: Date;
}

/** Job workflows whose scheduled time lies in the window, by run id, for the syncs asked about. */
async function startedJobs(h: Harness, syncIds: Set<number>, window: Window): Promise<Map<string, StartedJob>> {
  const query = [
    `WorkflowType = '${workflowTypes.syncJob}'`,
    `TemporalScheduledStartTime >= '${window.from.toISOString()}'`,
    `TemporalScheduledStartTime < '${window.to.toISOString()}'`,
  ].join(' AND ');
  const started = new Map<string, StartedJob>();
  for await (const info of h.client.workflow.list({ query })) {
    const syncId = info.typedSearchAttributes.get(SyncIdAttribute);
    const scheduledAt = info.typedSearchAttributes.get(ScheduledStartTime);
    if (syncId === undefined || scheduledAt === undefined || !syncIds.has(syncId)) continue;
    started.set(info.runId, { syncId, scheduledAt, startedAt: info.startTime });
  }
  return started;
}

/** Each schedule's counters now, to subtract from the window's end; a schedule not described is left out. */
export async function scheduleCounters(h: Harness, syncIds: number[]): Promise<Map<number, ScheduleCounters>> {
  const described = await mapBounded(syncIds, DESCRIBE_CONCURRENCY, (syncId) => describeWithRetries(h, syncId));
  const counters = new Map<number, ScheduleCounters>();
  described.forEach((description, index) => {
    if (description === null) return;
    counters.set(syncIds[index]!, {
      missedCatchupWindow: description.info.numActionsMissedCatchupWindow,
      skippedOverlap: description.info.numActionsSkippedOverlap,
    });
  });
  return counters;
}

export async function scheduledJobsIn(
  h: Harness,
  allSyncIds: number[],
  window: Window,
  atOpening: Map<number, ScheduleCounters>,
): Promise<ScheduledJobs> {
  const described = await mapBounded(allSyncIds, DESCRIBE_CONCURRENCY, async (syncId) =>
    atOpening.has(syncId) ? scheduleFacts(h, syncId, window) : null,
  );
  const syncIds = allSyncIds.filter((_, index) => described[index] !== null);
  const facts = described.filter((fact): fact is ScheduleFacts => fact !== null);
  const started = await startedJobs(h, new Set(syncIds), window);
  const startDelays = [...started.values()].map((job) => job.startedAt.getTime() - job.scheduledAt.getTime());
  const beginDelays: number[] = [];
  let succeeded = 0;
  let failed = 0;
  for (const syncId of syncIds) {
    for (const job of await h.storage.listJobs(syncId, { limit: JOBS_READ_PER_SYNC })) {
      const workflow = started.get(job.run_id);
      if (!workflow) continue;
      beginDelays.push(Date.parse(job.started_at) - workflow.scheduledAt.getTime());
      if (job.status === 'succeeded') succeeded += 1;
      if (job.status === 'failed') failed += 1;
    }
  }
  const startedPerSync = new Map<number, number>();
  for (const job of started.values()) startedPerSync.set(job.syncId, (startedPerSync.get(job.syncId) ?? 0) + 1);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    expected: sum(facts.map((fact) => fact.expected)),
    started: started.size,
    missing: sum(syncIds.map((syncId, index) => Math.max(0, facts[index]!.expected - (startedPerSync.get(syncId) ?? 0)))),
    begun: beginDelays.length,
    succeeded,
    failed,
    startDelay: summarise(startDelays),
    lateStarts: startDelays.filter((delay) => delay > LATE_AFTER_MS).length,
    beginDelay: summarise(beginDelays),
    lateBegins: beginDelays.filter((delay) => delay > LATE_AFTER_MS).length,
    missedCatchupWindow: sum(
      syncIds.map((syncId, index) => facts[index]!.missedCatchupWindow - atOpening.get(syncId)!.missedCatchupWindow),
    ),
    skippedOverlap: sum(syncIds.map((syncId, index) => facts[index]!.skippedOverlap - atOpening.get(syncId)!.skippedOverlap)),
    missedCatchupWindowEver: sum(facts.map((fact) => fact.missedCatchupWindow)),
    skippedOverlapEver: sum(facts.map((fact) => fact.skippedOverlap)),
    undescribed: allSyncIds.length - syncIds.length,
  };
}
