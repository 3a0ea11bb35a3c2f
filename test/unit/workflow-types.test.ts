import { describe, expect, it } from 'vitest';
import { workflowTypes } from '../../src/contracts/workflow-types.js';
import * as workflows from '../../workflows/index.js';

describe('typed workflow names', () => {
  it('name workflows the worker registers, each under its own name', () => {
    for (const name of Object.values(workflowTypes)) expect(workflows[name].name).toBe(name);
  });
});
