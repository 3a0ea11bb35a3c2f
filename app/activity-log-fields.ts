import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { syncIdOfWorkflowId } from '../src/contracts/ids.js';

/** What an activity's arguments say about its sync and job: syncd's activities take `{ sync_id?, job_id? }` objects. */
function idsIn(args: unknown[]): { sync_id?: number; job_id?: number } {
  const [first] = args;
  if (typeof first !== 'object' || first === null) return {};
  const { sync_id, job_id } = first as Record<string, unknown>;
  return {
    ...(typeof sync_id === 'number' ? { sync_id } : {}),
    ...(typeof job_id === 'number' ? { job_id } : {}),
  };
}

/**
 * Puts workflow_id, sync_id and (once the job exists) job_id on every line an activity logs,
 * `log` from @temporalio/activity and the SDK's own lines alike. The sync comes from the workflow
 * id, or the arguments; the job from the arguments.
 */
export const activityLogFields: ActivityInterceptorsFactory = (context) => {
  let fromArgs: ReturnType<typeof idsIn> = {};
  const workflowId = context.info.workflowExecution?.workflowId;
  const syncId = workflowId === undefined ? undefined : syncIdOfWorkflowId(workflowId);
  const fromWorkflow = {
    ...(workflowId === undefined ? {} : { workflow_id: workflowId }),
    ...(syncId === undefined ? {} : { sync_id: syncId }),
  };
  return {
    inbound: {
      execute(input, next) {
        fromArgs = idsIn(input.args);
        return next(input);
      },
    },
    outbound: {
      getLogAttributes: (input, next) => next({ ...input, ...fromWorkflow, ...fromArgs }),
    },
  };
};
