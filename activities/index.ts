import { createControlActivities } from './control-activities.js';
import { createFailurePolicyActivities } from './failure-policy-activities.js';
import { createJobActivities, type JobActivityDeps } from './job-activities.js';
import { createScheduleActivities, type ScheduleActivityDeps } from './schedule-activities.js';
import { createWebhookActivities, type WebhookActivityDeps } from './webhook-activities.js';

export type ActivityDeps = JobActivityDeps & ScheduleActivityDeps & WebhookActivityDeps;

/** Every activity of syncd, bound to its dependencies. Workflows import this as a type only. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createScheduleActivities(deps),
    ...createControlActivities(deps),
    ...createJobActivities(deps),
    ...createWebhookActivities(deps),
    ...createFailurePolicyActivities(deps),
  };
}
