export { syncEventDeliveryWorkflow } from './sync-event-delivery-workflow.js';
export { syncJobWorkflow } from './sync-job-workflow.js';
export { syncWorkflow } from './sync-workflow.js';
export { webhookDeliveryWorkflow } from './webhook-delivery-workflow.js';
