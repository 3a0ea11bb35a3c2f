import { describe, expect, it } from 'vitest';
import { workflowTypes } from '../../src/contracts/workflow-types.js';
import * as workflows from '../../workflows/index.js';

describe('typed workflow names', () => {
  it('name workflows the worker registers, each under its own name', () => {
    const registered = new Map<string, unknown>(Object.entries(workflows));
    for (const name of Object.values(workflowTypes)) expect((registered.get(name) as { name?: string } | undefined)?.name).toBe(name);
  });
});
