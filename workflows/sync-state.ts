import type { SyncSchedule } from '../src/contracts/schedule.js';
import type { SyncStatus } from '../src/contracts/sync.js';
import type { SyncLifecycle } from '../src/temporal/messages.js';

/** The entity workflow's whole state; methods rather than fields so checks read fresh values. */
export class SyncState {
  constructor(
    readonly syncId: number,
    private status: SyncStatus,
    private scheduleReady: boolean,
    public schedule: SyncSchedule,
  ) {}

  is(status: SyncStatus): boolean {
    return this.status === status;
  }

  set(status: SyncStatus): void {
    this.status = status;
  }

  isReady(): boolean {
    return this.scheduleReady;
  }

  markReady(): void {
    this.scheduleReady = true;
  }

  lifecycle(): SyncLifecycle {
    return { sync_id: this.syncId, status: this.status };
  }
}
