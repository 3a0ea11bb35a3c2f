/**
 * The type each workflow is registered under, which is its export name in workflows/index.ts:
 * the API and the schedule start workflows by these names without loading workflow code. Pair
 * a name with the workflow's type, `start<typeof syncWorkflow>(workflowTypes.sync, ...)`, so the
 * arguments are checked; test/unit/workflow-types.test.ts checks that each name is registered.
 */
export const workflowTypes = {
  sync: 'syncWorkflow',
  syncJob: 'syncJobWorkflow',
  webhookDelivery: 'webhookDeliveryWorkflow',
  syncEventDelivery: 'syncEventDeliveryWorkflow',
} as const;
