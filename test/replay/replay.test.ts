import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { useTestLogger } from '../helpers/test-overrides.js';

const historiesDir = path.join(import.meta.dirname, 'histories');
/** Original workflow ids of histories whose code derives ids from its own (see record-histories.ts). */
const workflowIds = JSON.parse(readFileSync(path.join(import.meta.dirname, 'workflow-ids.json'), 'utf8')) as Record<string, string>;

describe('replaying recorded histories', () => {
  it("today's workflow code replays every recorded history without non-determinism", async () => {
    const files = (await readdir(historiesDir)).filter((file) => file.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThanOrEqual(10);
    const histories = await Promise.all(
      files.map(async (file) => ({
        workflowId: workflowIds[file] ?? file,
        history: historyFromJSON(JSON.parse(await readFile(path.join(historiesDir, file), 'utf8'))),
      })),
    );
    useTestLogger();
    const results = Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories);
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of results) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  });
});
