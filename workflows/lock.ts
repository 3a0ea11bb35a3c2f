import { condition } from '@temporalio/workflow';

/**
 * Runs one handler body at a time, so interleaved updates cannot reorder schedule operations.
 * Shared holders (triggers, which commute with one another) run side by side, never beside an
 * exclusive one; a waiting exclusive holder admits no new shared ones, so triggers cannot starve it.
 */
export class Lock {
  private held = false;
  private shared = 0;
  private exclusiveWaiting = 0;

  async run<T>(body: () => Promise<T>): Promise<T> {
    this.exclusiveWaiting += 1;
    try {
      await condition(() => !this.held && this.shared === 0);
    } finally {
      this.exclusiveWaiting -= 1;
    }
    this.held = true;
    try {
      return await body();
    } finally {
      this.held = false;
    }
  }

  async runShared<T>(body: () => Promise<T>): Promise<T> {
    await condition(() => !this.held && this.exclusiveWaiting === 0);
    this.shared += 1;
    try {
      return await body();
    } finally {
      this.shared -= 1;
    }
  }
}
