import { inject } from 'vitest';
import { type Harness, type HarnessOptions, startHarness } from './harness.js';

/** A harness on the suite's dev server and workflow bundle (see global-setup.ts). */
export function startTestHarness(options: Omit<HarnessOptions, 'address' | 'workflowBundlePath'> = {}): Promise<Harness> {
  return startHarness({ ...options, address: inject('temporalAddress'), workflowBundlePath: inject('workflowBundlePath') });
}
