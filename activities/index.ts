import { createJobActivities, type JobActivityDeps } from './job-activities.js';
import { createScheduleActivities, type ScheduleActivityDeps } from './schedule-activities.js';

export type ActivityDeps = JobActivityDeps & ScheduleActivityDeps;

/** Every activity of syncd, bound to its dependencies. Workflows import this as a type only. */
export function createActivities(deps: ActivityDeps) {
  return { ...createScheduleActivities(deps), ...createJobActivities(deps) };
}
