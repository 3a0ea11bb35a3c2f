import type { Client } from '@temporalio/client';
import { describe, expect, it, vi } from 'vitest';
import { createFailurePolicyActivities } from '../../activities/failure-policy-activities.js';
import type { SyncStatus } from '../../src/contracts/sync.js';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { WorkerMetrics } from '../../src/metrics/metrics.js';
import type { Storage, StoredSync } from '../../src/storage/storage.js';
import { ActivityRunner } from '../helpers/activity-context.js';

const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));

function syncWith(status: SyncStatus, failures: number): StoredSync {
  const at = '2026-01-31T12:00:00.000Z';
  return {
    sync_id: 7,
    definition: { ...definition, failure_policy: { pause_after: 2 } },
    status,
    next_run_at: null,
    record_count: 0,
    health: {
      consecutive_failures: failures,
      last_success_at: null,
      last_error: { class: 'config', code: 'http_404', message: 'HTTP 404', http_status: 404 },
    },
    paused_reason: null,
    created_at: at,
    updated_at: at,
  };
}

/** The policy over a sync read as `reads` says, one read after another, and an update that does `update`. */
function policyOver(reads: StoredSync[], update: () => Promise<unknown>) {
  const sent: unknown[] = [];
  const signals: AbortSignal[] = [];
  const storage = { getSync: async () => reads.shift() ?? null } as unknown as Storage;
  const client = {
    workflow: {
      getHandle: () => ({
        executeUpdate: (_update: unknown, options: { args: unknown[] }) => {
          sent.push(options.args[0]);
          return update();
        },
      }),
      start: async () => undefined,
    },
    // Like the real client: the call in flight fails once the signal aborts.
    withAbortSignal: (signal: AbortSignal, call: () => Promise<unknown>) => {
      signals.push(signal);
      const aborted = new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      return Promise.race([call(), aborted]);
    },
  } as unknown as Client;
  const activities = createFailurePolicyActivities({
    client,
    storage,
    taskQueue: 'unused',
    metrics: new WorkerMetrics(),
    defaultWebhookUrl: undefined,
    defaultPauseAfter: 5,
  });
  const runner = new ActivityRunner();
  return { apply: () => runner.run(activities.applyFailurePolicy, { sync_id: 7, job_id: 3 }), sent, signals, runner };
}

describe('applyFailurePolicy', () => {
  it('pauses through the pause update as the policy, saying why', async () => {
    const { apply, sent } = policyOver([syncWith('active', 2)], async () => ({ status: 'paused' }));
    await apply();
    expect(sent).toEqual([
      {
        actor: 'policy',
        request_id: null,
        job_id: 3,
        message: '2 consecutive jobs failed (failure_policy.pause_after 2); the last: config http_404: HTTP 404',
      },
    ]);
  });

  it('waits for the pause update only until the activity is cancelled (a worker shutting down)', async () => {
    const { apply, signals, runner } = policyOver([syncWith('active', 2)], () => new Promise(() => undefined));
    const applying = apply();
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    expect(signals[0]!.aborted).toBe(false);
    runner.cancel();
    await expect(applying).rejects.toThrow();
    expect(signals[0]!.aborted).toBe(true);
  });

  it('leaves a paused or cancelled sync alone, sending nothing', async () => {
    for (const status of ['paused', 'cancelled'] as const) {
      const { apply, sent } = policyOver([syncWith(status, 9)], async () => ({ status }));
      await apply();
      expect(sent).toEqual([]);
    }
  });

  it('takes a refusal because the sync was cancelled meanwhile as nothing left to do', async () => {
    const { apply } = policyOver([syncWith('active', 2), syncWith('cancelled', 2)], () => Promise.reject(new Error('sync 7 is cancelled')));
    await expect(apply()).resolves.toBeUndefined();
  });

  it('fails (to be retried) when the update fails and the sync is still active', async () => {
    const { apply } = policyOver([syncWith('active', 2), syncWith('active', 2)], () => Promise.reject(new Error('Temporal is down')));
    await expect(apply()).rejects.toThrow('Temporal is down');
  });
});
