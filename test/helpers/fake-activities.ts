import type { createActivities } from '../../activities/index.js';

export type Activities = ReturnType<typeof createActivities>;
export type ActivityName = keyof Activities;

export interface ActivityCall {
  name: ActivityName;
  args: unknown[];
}

/** An activity call held open by the test: `reached` once the workflow called it, `release` lets it run. */
export interface HeldCall {
  reached: Promise<void>;
  release(): void;
}

interface Hold {
  arrived(): void;
  opened: Promise<void>;
}

interface Waiter {
  name: ActivityName;
  count: number;
  resolve(): void;
}

/** What each activity does unless a test says otherwise: succeed, with the most ordinary answer. */
function ordinaryActivities(): Activities {
  return {
    createSyncSchedule: async () => undefined,
    pauseSyncSchedule: async () => undefined,
    resumeSyncSchedule: async () => undefined,
    triggerSyncJob: async () => undefined,
    triggerResync: async () => undefined,
    updateSyncSchedule: async () => undefined,
    applyStoredSchedule: async () => ({ type: 'interval', every_seconds: 3600 }),
    removeSyncSchedule: async () => [],
    cancelSyncJobs: async () => undefined,
    recordSyncStatus: async () => undefined,
    applyFailurePolicy: async () => undefined,
    deliverSyncEvent: async () => undefined,
    pauseSync: async () => undefined,
    resumeSync: async () => undefined,
    triggerSync: async () => undefined,
    rescheduleSync: async () => ({ type: 'interval', every_seconds: 3600 }),
    beginJob: async () => ({ job_id: 1, trigger: 'manual', mode: 'full' }),
    fetchAndStoreRecords: async () => ({ fetched: 0, pages: 0 }),
    finishJob: async () => undefined,
    prepareWebhookDelivery: async () => null,
    deliverWebhook: async () => undefined,
    markWebhookFailed: async () => undefined,
  };
}

/**
 * Every activity of syncd as a fake for workflow tests: each call is recorded in order, any
 * activity can be given another behaviour (a failure, an answer) or be held open by the test.
 */
export class FakeActivities {
  readonly calls: ActivityCall[] = [];
  private readonly behaviour = ordinaryActivities();
  private readonly holds = new Map<ActivityName, Hold[]>();
  private waiters: Waiter[] = [];

  /** Replaces what `name` does from now on; its calls are still recorded. */
  on<K extends ActivityName>(name: K, body: Activities[K]): this {
    this.behaviour[name] = body;
    return this;
  }

  /** Holds the next call of `name` open (before it runs) until the test releases it. */
  hold(name: ActivityName): HeldCall {
    let arrived = (): void => undefined;
    let release = (): void => undefined;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const opened = new Promise<void>((resolve) => (release = resolve));
    this.holds.set(name, [...(this.holds.get(name) ?? []), { arrived, opened }]);
    return { reached, release };
  }

  /** Resolves once `name` has been called `count` times in all. */
  called(name: ActivityName, count = 1): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ name, count, resolve });
      this.wake();
    });
  }

  names(): ActivityName[] {
    return this.calls.map((call) => call.name);
  }

  /** The arguments of every call of `name`, in order. */
  argsOf<K extends ActivityName>(name: K): Parameters<Activities[K]>[] {
    return this.calls.filter((call) => call.name === name).map((call) => call.args as Parameters<Activities[K]>);
  }

  /** What the worker registers: every activity, recording then behaving as configured. */
  activities(): Activities {
    const names = Object.keys(this.behaviour) as ActivityName[];
    return Object.fromEntries(names.map((name) => [name, this.recorded(name)])) as Activities;
  }

  private recorded(name: ActivityName) {
    return async (...args: unknown[]): Promise<unknown> => {
      this.calls.push({ name, args });
      this.wake();
      const hold = this.holds.get(name)?.shift();
      if (hold) {
        hold.arrived();
        await hold.opened;
      }
      const body = this.behaviour[name] as (...callArgs: unknown[]) => Promise<unknown>;
      return body(...args);
    };
  }

  private wake(): void {
    const count = (name: ActivityName) => this.calls.filter((call) => call.name === name).length;
    const [due, waiting] = partition(this.waiters, (waiter) => count(waiter.name) >= waiter.count);
    this.waiters = waiting;
    for (const waiter of due) waiter.resolve();
  }
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}
