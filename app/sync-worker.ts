import { createRequire } from 'node:module';
import { type NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { createActivities } from '../activities/index.js';
import { activityLogFields } from './activity-log-fields.js';

export interface SyncWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Every activity, bound to its dependencies by `buildSystem`. */
  activities: ReturnType<typeof createActivities>;
  maxCachedWorkflows: number;
  /** A prebuilt bundle (tests and benches build it once); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
}

/** The module whose exports are the workflows a worker registers, by export name. */
export const workflowsPath = createRequire(import.meta.url).resolve('../workflows/index.ts');

/** Bundled with the workflows (a prebuilt bundle must name them too): they put sync ids on workflow log lines. */
export const workflowInterceptorModules = [createRequire(import.meta.url).resolve('../workflows/log-fields-interceptor.ts')];

export function createSyncWorker(options: SyncWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: options.activities,
    // A prebuilt bundle has the workflow interceptors in it already (see workflowInterceptorModules).
    interceptors: { activity: [activityLogFields], ...(options.workflowBundle ? {} : { workflowModules: workflowInterceptorModules }) },
    maxCachedWorkflows: options.maxCachedWorkflows,
    // Heartbeats carry cancellation to a running job: flush them often so cancel is prompt.
    maxHeartbeatThrottleInterval: '1 second',
    defaultHeartbeatThrottleInterval: '1 second',
  });
}
