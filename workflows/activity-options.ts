import type { ActivityOptions } from '@temporalio/workflow';

/** Bookkeeping (database rows, schedule calls) must eventually succeed: retry without a cap. */
export const bookkeepingOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
};
