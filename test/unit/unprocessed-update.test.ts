// Temporal rejects, unapplied, an update the worker was handed but never took in ("UnprocessedUpdate"):
// the TypeScript SDK does this at times when updates reach a workflow while a local activity holds
// its workflow task. The API sends such an update again, and answers 503 only if it keeps happening.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../src/api/errors.js';
import { SyncService } from '../../src/api/sync-service.js';
import { isUnprocessedUpdate, translateTemporalError } from '../../src/api/temporal-errors.js';
import { ErrorCode } from '../../src/contracts/errors.js';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { SecretBox } from '../../src/storage/secret-box.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';

const unprocessed = () =>
  new WorkflowUpdateFailedError(
    'Workflow Update failed',
    new ApplicationFailure("Workflow Update is rejected because it wasn't processed by worker.", 'UnprocessedUpdate', true),
  );
const cancelled = () =>
  new WorkflowUpdateFailedError('Workflow Update failed', new ApplicationFailure('sync 7 is cancelled', ErrorCode.SyncCancelled, true));

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A SyncService over a real database holding one active sync, whose updates answer as `answers` says in turn. */
async function serviceWith(
  answers: (() => Promise<unknown>)[],
): Promise<{ service: SyncService; syncId: number; deliveries: () => number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'syncd-unit-'));
  dirs.push(dir);
  const storage = new SqliteStorage({ file: path.join(dir, 'syncd.db'), secretBox: new SecretBox(randomBytes(32)) });
  const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));
  const { sync_id: syncId } = await storage.createSync(definition, 'active', null);
  let deliveries = 0;
  const client = {
    connection: { withDeadline: <T>(_deadline: number, call: () => Promise<T>) => call() },
    workflow: {
      getHandle: () => ({
        executeUpdate: () => {
          const answer = answers[Math.min(deliveries, answers.length - 1)]!;
          deliveries += 1;
          return answer();
        },
      }),
    },
  } as unknown as Client;
  const service = new SyncService({
    storage,
    client,
    taskQueue: 'unused',
    updateTimeoutMs: 1000,
    readTimeoutMs: 1000,
    maxResponseBytes: 1 << 20,
    defaultPauseAfter: 5,
  });
  return { service, syncId, deliveries: () => deliveries };
}

const origin = { actor: 'key-1', request_id: null };

describe('an update the worker never took in', () => {
  it('is recognised by its failure type, and answers 503 rather than a conflict', () => {
    expect(isUnprocessedUpdate(unprocessed())).toBe(true);
    expect(isUnprocessedUpdate(cancelled())).toBe(false);
    expect(translateTemporalError(unprocessed(), 7)).toBeInstanceOf(UnavailableError);
    expect(translateTemporalError(cancelled(), 7)).toMatchObject({ code: ErrorCode.SyncCancelled });
  });

  it('is sent again until the worker takes it in', async () => {
    const rejected = () => Promise.reject(unprocessed());
    const { service, syncId, deliveries } = await serviceWith([rejected, rejected, () => Promise.resolve({ status: 'active' })]);
    expect(await service.act(syncId, 'trigger', origin)).toMatchObject({ sync_id: syncId, status: 'active' });
    expect(deliveries()).toBe(3);
  });

  it('answers 503 after five deliveries the worker never took in', async () => {
    const { service, syncId, deliveries } = await serviceWith([() => Promise.reject(unprocessed())]);
    await expect(service.act(syncId, 'pause', origin)).rejects.toBeInstanceOf(UnavailableError);
    expect(deliveries()).toBe(5);
  });

  it('any other rejection is answered at once, never sent again', async () => {
    const { service, syncId, deliveries } = await serviceWith([() => Promise.reject(cancelled())]);
    await expect(service.act(syncId, 'resume', origin)).rejects.toMatchObject({ code: ErrorCode.SyncCancelled });
    expect(deliveries()).toBe(1);
  });
});
