type Step = () => Promise<void> | void;

/**
 * What to undo, newest first: a start that fails halfway undoes what it did, and a stop tries
 * every step even when one fails, then throws what failed. Running them twice does nothing more.
 */
export class ShutdownSteps {
  private readonly steps: Step[] = [];

  push(step: Step): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    const failures: unknown[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} shutdown steps failed`);
  }
}
