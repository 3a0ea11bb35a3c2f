import { ScheduleClient, type ScheduleUpdateOptions } from '@temporalio/client';
import { compileUpdatedScheduleOptions } from '@temporalio/client/lib/schedule-helpers.js';

/**
 * Writes a schedule whole, without reading it first. `ScheduleHandle.update` describes the
 * schedule before every change, and a describe is a query on the scheduler workflow, several times
 * slower than the change itself. Search attributes are left as they are.
 */
export class ScheduleReplacer extends ScheduleClient {
  async replace(scheduleId: string, options: ScheduleUpdateOptions): Promise<void> {
    await this._updateSchedule(scheduleId, compileUpdatedScheduleOptions(scheduleId, options), {});
  }
}
