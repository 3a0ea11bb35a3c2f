// Registered through the worker's workflow interceptor modules (app/sync-worker.ts): every line a
// workflow logs (`log` from @temporalio/workflow, and the SDK's own) names its sync.
import { type WorkflowInterceptorsFactory, workflowInfo } from '@temporalio/workflow';
import { syncIdOfWorkflowId } from '../src/contracts/ids.js';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      getLogAttributes(input, next) {
        const { workflowId } = workflowInfo();
        const syncId = syncIdOfWorkflowId(workflowId);
        return next({ ...input, workflow_id: workflowId, ...(syncId === undefined ? {} : { sync_id: syncId }) });
      },
    },
  ],
});
