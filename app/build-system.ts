import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { Logger } from '@temporalio/common';
import { NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import { OAuthTokenCache } from '../activities/http/oauth-token-cache.js';
import { createOutboundHttp, type OutboundHttp } from '../activities/http/outbound-http.js';
import { type ActivityDeps, createActivities } from '../activities/index.js';
import { createPreviewFetcher } from '../activities/preview-fetch.js';
import { createApp } from '../src/api/app.js';
import { listen } from '../src/api/listen.js';
import { readinessConnectionOptions } from '../src/api/readiness.js';
import { hasApiKeys, unauthenticatedWarning } from '../src/config/api-access.js';
import type { Config } from '../src/config/config.js';
import { resolveSecrets, type Secrets } from '../src/config/secrets.js';
import { ApiMetrics, WorkerMetrics } from '../src/metrics/metrics.js';
import { serveMetrics } from '../src/metrics/metrics-server.js';
import { AddressPolicy } from '../src/network/address-policy.js';
import { SecretBox } from '../src/storage/secret-box.js';
import type { Storage } from '../src/storage/storage.js';
import { describeTemporalConnection, temporalConnectionOptions } from '../src/temporal/connection-options.js';
import { ensureSyncdSearchAttributes } from '../src/temporal/ensure-search-attributes.js';
import { limitHeapGrowth } from './heap-growth.js';
import { openStorage } from './open-storage.js';
import { startOrphanSweep } from './orphaned-jobs.js';
import { pinoLogger } from './pino-logger.js';
import { installRuntimeLogger } from './runtime-logger.js';
import { ShutdownSteps } from './shutdown-steps.js';
import { createSyncWorker } from './sync-worker.js';
import { DEFAULT_TIMEOUTS, type Timeouts } from './timeouts.js';

/** What differs between `npm start`, `npm run worker`, the test harness and the benches; the rest comes from `Config`. */
export interface SystemOverrides {
  /** Run a worker in this process (default true). */
  worker?: boolean;
  /** Serve the API and dashboard on `config.api.port` (default true). */
  api?: boolean;
  /** With the worker, close orphaned job rows at start and every `orphanSweepMs` (default true). */
  orphanSweep?: boolean;
  timeouts?: Partial<Timeouts>;
  /** syncd's logger, made the Temporal runtime's too when a worker runs (default JSON lines on stdout at `config.logLevel`, see pino-logger.ts). */
  logger?: Logger;
  /** A prebuilt workflow bundle (tests and benches build it once); otherwise the worker bundles at start. */
  workflowBundle?: WorkflowBundleOption;
}

export interface System {
  storage: Storage;
  /** The Temporal client the API and the schedule activities use. */
  client: Client;
  /** The port the API got (0 when this process serves no API). */
  apiPort: number;
  /** The port the worker serves its metrics on (0 when this process runs no worker). */
  workerMetricsPort: number;
  /**
   * Settles once the worker has stopped, through `stop()` or a shutdown signal (Temporal's runtime
   * shuts workers down on SIGINT and SIGTERM); rejects when the worker fails (logged already).
   * Undefined without a worker.
   */
  workerRun: Promise<void> | undefined;
  /** Stops what was started, newest first: API, sweep, worker, connections, storage. */
  stop(): Promise<void>;
}

/** Every activity dependency is built here, and only here. */
function activityDeps(
  config: Config,
  secrets: Secrets,
  storage: Storage,
  client: Client,
  http: OutboundHttp,
  metrics: WorkerMetrics,
): ActivityDeps {
  return {
    storage,
    client,
    taskQueue: config.temporal.taskQueue,
    tokenCache: new OAuthTokenCache(),
    webhookSecret: secrets.webhookSecret,
    defaultWebhookUrl: config.webhooks.defaultUrl,
    webhookRetryInitialMs: config.webhooks.retryInitialMs,
    defaultPauseAfter: config.defaultPauseAfter,
    fetchLimits: config.fetchLimits,
    fetchTiming: config.fetchTiming,
    http,
    metrics,
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Requests in flight finish; idle keep-alive connections would hold the close open.
    server.closeIdleConnections();
  });
}

/**
 * The composition root: opens storage, connects to Temporal, runs a worker and serves the API,
 * as `config` and `overrides` say. A start that fails halfway closes what it opened, then throws.
 */
export async function buildSystem(config: Config, overrides: SystemOverrides = {}): Promise<System> {
  const logger = overrides.logger ?? pinoLogger({ level: config.logLevel });
  const timeouts = { ...DEFAULT_TIMEOUTS, ...overrides.timeouts };
  const { namespace, taskQueue } = config.temporal;
  const connectionOptions = temporalConnectionOptions(config.temporal);
  const steps = new ShutdownSteps();
  const networkPolicy = new AddressPolicy(config.network);
  try {
    const secrets = resolveSecrets(config);
    const storage = await openStorage(config, { secretBox: new SecretBox(secrets.key) });
    steps.push(() => storage.close());
    const connection = Connection.lazy({ ...connectionOptions, connectTimeout: timeouts.connectMs });
    steps.push(() => connection.close());
    const client = new Client({ connection, namespace });

    let workerRun: Promise<void> | undefined;
    let workerMetricsPort = 0;
    if (overrides.worker ?? true) {
      const workerMetrics = new WorkerMetrics();
      limitHeapGrowth(config.workerHeapGrowthPercent);
      installRuntimeLogger(logger);
      const nativeConnection = await NativeConnection.connect(connectionOptions).catch((error: unknown) => {
        throw new Error(`could not connect to Temporal at ${describeTemporalConnection(config.temporal)}`, { cause: error });
      });
      steps.push(() => nativeConnection.close());
      // A server syncd did not start may lack them; the worker's workflows write them.
      await ensureSyncdSearchAttributes(connection, namespace, logger);
      // One client for every outbound request of this worker, so its pooled connections are shared.
      const http = createOutboundHttp(networkPolicy);
      steps.push(() => http.close());
      const worker = await createSyncWorker({
        connection: nativeConnection,
        namespace,
        taskQueue,
        activities: createActivities(activityDeps(config, secrets, storage, client, http, workerMetrics)),
        maxCachedWorkflows: config.maxCachedWorkflows,
        ...(overrides.workflowBundle ? { workflowBundle: overrides.workflowBundle } : {}),
      });
      const metricsServer = await serveMetrics(workerMetrics.registry, config.workerMetrics.port, config.workerMetrics.host);
      steps.push(() => metricsServer.close());
      workerMetricsPort = metricsServer.port;
      const run = worker.run();
      run.catch((error: unknown) => logger.error('the worker stopped with an error', { error }));
      workerRun = run;
      steps.push(async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        // A failure of the run was logged when it happened; stopping goes on.
        await run.catch(() => undefined);
      });
      if (overrides.orphanSweep ?? true) {
        const sweep = startOrphanSweep(storage, client, timeouts.orphanSweepMs, logger, workerMetrics);
        steps.push(() => sweep.stop());
      }
    }

    let apiPort = 0;
    if (overrides.api ?? true) {
      const probeConnection = Connection.lazy(readinessConnectionOptions(connectionOptions));
      steps.push(() => probeConnection.close());
      // POST /v1/syncs/preview calls out from this process: through a client of its own, under the same policy as the worker's.
      const previewHttp = createOutboundHttp(networkPolicy);
      steps.push(() => previewHttp.close());
      const app = createApp({
        storage,
        client,
        taskQueue,
        updateTimeoutMs: timeouts.updateMs,
        readTimeoutMs: timeouts.readMs,
        minFrequencySeconds: config.api.minFrequencySeconds,
        networkPolicy,
        bulkConcurrency: config.api.bulkConcurrency,
        bulkMaxSyncs: config.api.bulkMaxSyncs,
        maxResponseBytes: config.maxResponseBytes,
        preview: createPreviewFetcher({
          http: previewHttp,
          tokenCache: new OAuthTokenCache(),
          fetchLimits: config.fetchLimits,
          // Its page and token requests are counted like a worker's, but not served: the API's /metrics shows API requests.
          metrics: new WorkerMetrics(),
          maxResponseBytes: config.maxResponseBytes,
        }),
        defaultPauseAfter: config.defaultPauseAfter,
        logger,
        access: config.api.access,
        metrics: new ApiMetrics({
          countSyncs: () => storage.countSyncsByStatus(),
          onCountError: (error) => logger.warn('syncd_syncs is missing from this scrape: counting syncs failed', { error }),
        }),
        probeClient: new Client({ connection: probeConnection, namespace }),
      });
      const listening = await listen(app, config.api.port, config.api.access.host);
      if (!hasApiKeys(config.api.access)) logger.warn(unauthenticatedWarning(config.api.access.host));
      steps.push(() => closeServer(listening.server));
      apiPort = listening.port;
    }

    return { storage, client, apiPort, workerMetricsPort, workerRun, stop: () => steps.run() };
  } catch (error) {
    await steps.run().catch((cleanupError: unknown) => logger.error('undoing a failed start failed too', { error: cleanupError }));
    throw error;
  }
}
