import { createRequire } from 'node:module';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { OAuthTokenCache } from '../activities/http/oauth-token-cache.js';
import type { FetchLimits } from '../activities/http/limits.js';
import { createActivities } from '../activities/index.js';
import { DEFAULT_FETCH_LIMITS } from '../src/config/config.js';
import type { Storage } from '../src/storage/storage.js';

export interface SyncWorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  storage: Storage;
  /** Client the schedule activities use to create, pause and trigger schedules. */
  client: Client;
  /** Signs webhook deliveries. */
  webhookSecret: string;
  /** Where job webhooks go for syncs without a webhook_url of their own. */
  defaultWebhookUrl: string | undefined;
  /** Bounds on what a job reads from an external API; default DEFAULT_FETCH_LIMITS. */
  fetchLimits?: FetchLimits;
  /** A prebuilt bundle (tests build it once); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundleOption;
}

export const workflowsPath = createRequire(import.meta.url).resolve('../workflows/index.ts');

export function createSyncWorker(deps: SyncWorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath }),
    activities: createActivities({
      storage: deps.storage,
      client: deps.client,
      taskQueue: deps.taskQueue,
      tokenCache: new OAuthTokenCache(),
      webhookSecret: deps.webhookSecret,
      defaultWebhookUrl: deps.defaultWebhookUrl,
      fetchLimits: deps.fetchLimits ?? DEFAULT_FETCH_LIMITS,
    }),
    // Heartbeats carry cancellation to a running job: flush them often so cancel is prompt.
    maxHeartbeatThrottleInterval: '1 second',
    defaultHeartbeatThrottleInterval: '1 second',
  });
}
