import { inject } from 'vitest';
import { startHarness, type Harness } from './harness.js';

/** A harness on the suite's dev server and workflow bundle (see global-setup.ts). */
export function startTestHarness(): Promise<Harness> {
  return startHarness({ address: inject('temporalAddress'), workflowBundlePath: inject('workflowBundlePath') });
}
