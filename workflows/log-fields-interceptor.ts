// Registered through the worker's workflow interceptor modules (app/sync-worker.ts): every line a
// workflow logs (`log` from @temporalio/workflow, and the SDK's own) names its sync, and its job
// once the run has named one.
import { type WorkflowInterceptorsFactory, workflowInfo } from '@temporalio/workflow';
import { syncIdOfWorkflowId } from '../src/contracts/ids.js';

/** The job a workflow's or an activity's arguments name: syncd's take `{ job_id, ... }` objects. */
function jobIdIn(args: readonly unknown[]): number | undefined {
  const [first] = args;
  if (typeof first !== 'object' || first === null) return undefined;
  const { job_id } = first as Record<string, unknown>;
  return typeof job_id === 'number' ? job_id : undefined;
}

// Called once per workflow run, so `jobId` is that run's: a job run learns it from its first
// activity on the job's row, a webhook delivery from its own input. Reading arguments adds no command.
export const interceptors: WorkflowInterceptorsFactory = () => {
  let jobId: number | undefined;
  const note = (args: readonly unknown[]) => {
    jobId ??= jobIdIn(args);
  };
  return {
    inbound: [
      {
        execute(input, next) {
          note(input.args);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity(input, next) {
          note(input.args);
          return next(input);
        },
        scheduleLocalActivity(input, next) {
          note(input.args);
          return next(input);
        },
        getLogAttributes(input, next) {
          const { workflowId } = workflowInfo();
          const syncId = syncIdOfWorkflowId(workflowId);
          return next({
            ...input,
            workflow_id: workflowId,
            ...(syncId === undefined ? {} : { sync_id: syncId }),
            ...(jobId === undefined ? {} : { job_id: jobId }),
          });
        },
      },
    ],
  };
};
