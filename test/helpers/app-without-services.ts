import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import { type AppDeps, createApp } from '../../src/api/app.js';
import { ApiMetrics } from '../../src/metrics/metrics.js';
import { AddressPolicy } from '../../src/network/address-policy.js';
import type { Storage } from '../../src/storage/storage.js';
import { testLogger } from './test-logger.js';

/** The API's Express app with no storage or Temporal behind it: for its routes that need neither, and for listing its routes. */
export function appWithoutServices(): Express {
  const deps: AppDeps = {
    // Never called by the routes such tests use: building the app only wires its routes.
    storage: {} as Storage,
    client: {} as Client,
    probeClient: {} as Client,
    taskQueue: 'unused',
    updateTimeoutMs: 1_000,
    readTimeoutMs: 1_000,
    maxResponseBytes: 1_000_000,
    defaultPauseAfter: 5,
    minFrequencySeconds: 10,
    bulkConcurrency: 1,
    bulkMaxSyncs: 1,
    logger: testLogger,
    access: { host: '127.0.0.1', keys: [], keyNames: [], readKeys: [], readKeyNames: [], publicHosts: [] },
    networkPolicy: new AddressPolicy({ denyPrivateNetworks: false, allowNetworks: [] }),
    preview: () => Promise.reject(new Error('no outbound client')),
    metrics: new ApiMetrics({ countSyncs: () => Promise.reject(new Error('no storage')), onCountError: () => undefined }),
  };
  return createApp(deps);
}
