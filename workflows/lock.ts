import { condition } from '@temporalio/workflow';

/** Runs one handler body at a time, so interleaved updates cannot reorder schedule operations. */
export class Lock {
  private held = false;

  async run<T>(body: () => Promise<T>): Promise<T> {
    await condition(() => !this.held);
    this.held = true;
    try {
      return await body();
    } finally {
      this.held = false;
    }
  }
}
