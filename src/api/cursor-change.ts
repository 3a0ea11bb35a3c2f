import type { CursorState } from '../contracts/cursor-state.js';
import { ErrorCode } from '../contracts/errors.js';
import type { CursorChange } from '../storage/storage.js';
import { ConflictError, NotFoundError } from './errors.js';

/** The state a user's cursor change left, or the 404 or 409 its refusal answers. */
export function changedCursorState(syncId: number, change: CursorChange): CursorState {
  if (change.changed) return change.state;
  switch (change.refused) {
    case 'not_found':
      throw new NotFoundError(`sync ${syncId} does not exist`);
    case 'cancelled':
      throw new ConflictError(
        ErrorCode.SyncCancelled,
        `sync ${syncId} is cancelled and cannot have its cursor changed; a cancelled sync can never run again`,
      );
    case 'job_running':
      throw new ConflictError(
        ErrorCode.JobRunning,
        `job ${change.job_id} of sync ${syncId} is running; change the cursor once it has ended (pause the sync first so that no scheduled job starts meanwhile)`,
      );
  }
}
