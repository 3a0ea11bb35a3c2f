import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { actOnMany } from '../../src/api/bulk-actions.js';
import type { PreviewFetcher } from '../../src/api/preview-fetcher.js';
import type { readiness } from '../../src/api/readiness.js';
import type { SyncService } from '../../src/api/sync-service.js';
import type {
  allJobsQuerySchema,
  bulkActionSchema,
  jobsQuerySchema,
  listSyncsQuerySchema,
  pageQuerySchema,
  recordsQuerySchema,
  resyncSchema,
  setCursorSchema,
  syncActionSchema,
} from '../../src/contracts/api.js';
import type { createSyncSchema, previewSyncSchema, updateSyncSchema } from '../../src/contracts/sync-definition.js';
import type {
  AllJobsFilter,
  BulkSelection,
  JobOptions,
  ListOptions,
  PageOptions,
  PreviewOptions,
  RecordOptions,
  ResyncOptions,
  SyncAction,
  SyncClient,
} from '../../src/sdk/index.js';

// The SDK's types equal the contracts' (test/unit/sdk-api-types.test.ts checks the generated ones);
// what could still drift is the client's methods against the routes. The expectTypeOf lines fail `tsc -p .`
// (run by `npm test`) when a request or answer type of a route changes and the client does not.

type ServiceAnswer<M extends keyof SyncService> = Awaited<ReturnType<SyncService[M]>>;
type ClientAnswer<M extends keyof SyncClient> = Awaited<ReturnType<SyncClient[M]>>;

/** Every route of the API and the client method that calls it. */
const ROUTES: Record<string, keyof SyncClient> = {
  'GET /healthz': 'health',
  'GET /readyz': 'ready',
  'POST /v1/syncs': 'create',
  'GET /v1/syncs': 'list',
  'PUT /v1/syncs': 'act',
  'GET /v1/syncs/:id': 'get',
  'PATCH /v1/syncs/:id': 'update',
  'POST /v1/syncs/:id/resync': 'resync',
  'POST /v1/syncs/:id/:action': 'pause',
  'GET /v1/syncs/:id/jobs': 'jobs',
  'GET /v1/syncs/:id/events': 'events',
  'GET /v1/syncs/:id/records': 'records',
  'GET /v1/syncs/:id/state': 'getState',
  'PUT /v1/syncs/:id/state': 'setState',
  'DELETE /v1/syncs/:id/state': 'clearState',
  'POST /v1/syncs/preview': 'preview',
  'GET /v1/jobs': 'allJobs',
};

/** The routes the server's source declares, as `METHOD /path`. */
function declaredRoutes(file: string, mountedAt: string, receiver: string): string[] {
  const source = readFileSync(new URL(`../../src/api/${file}`, import.meta.url), 'utf8');
  const pattern = new RegExp(String.raw`\b${receiver}\.(get|post|put|patch|delete)\(\s*'([^']+)'`, 'g');
  return [...source.matchAll(pattern)].map(([, method, path]) => `${method!.toUpperCase()} ${`${mountedAt}${path}`.replace(/\/$/, '')}`);
}

describe('the SDK covers the API', () => {
  it('has a method for every route the server declares', () => {
    const routes = [
      ...declaredRoutes('app.ts', '', 'app'),
      ...declaredRoutes('syncs-router.ts', '/v1/syncs', 'router'),
      ...declaredRoutes('jobs-router.ts', '/v1/jobs', 'router'),
    ];
    expect(routes.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('sends what the routes validate and expects what the service answers', () => {
    expectTypeOf<Parameters<SyncClient['create']>[0]>().toEqualTypeOf<z.input<typeof createSyncSchema>>();
    expectTypeOf<Parameters<SyncClient['update']>[1]>().toEqualTypeOf<z.input<typeof updateSyncSchema>>();
    expectTypeOf<Parameters<SyncClient['act']>[0]>().toEqualTypeOf<z.output<typeof syncActionSchema>['action']>();
    expectTypeOf<ResyncOptions>().toEqualTypeOf<z.input<typeof resyncSchema>>();
    expectTypeOf<Parameters<SyncClient['setState']>[1]>().toEqualTypeOf<z.input<typeof setCursorSchema>['cursor']>();
    expectTypeOf<Parameters<SyncClient['actOnMany']>[0]>().toEqualTypeOf<z.output<typeof bulkActionSchema>['action']>();
    expectTypeOf<{ action: SyncAction } & BulkSelection>().toExtend<z.input<typeof bulkActionSchema>>();
    // Query strings are coerced by the server, so the options have the types the server parses them into.
    expectTypeOf<Required<ListOptions>>().toEqualTypeOf<Required<z.output<typeof listSyncsQuerySchema>>>();
    expectTypeOf<Required<PageOptions>>().toEqualTypeOf<Required<z.output<typeof pageQuerySchema>>>();
    expectTypeOf<Required<RecordOptions>>().toEqualTypeOf<Required<z.output<typeof recordsQuerySchema>>>();
    expectTypeOf<Required<JobOptions>>().toEqualTypeOf<Required<z.output<typeof jobsQuerySchema>>>();
    expectTypeOf<Required<AllJobsFilter>>().toEqualTypeOf<Required<z.output<typeof allJobsQuerySchema>>>();
    expectTypeOf<Parameters<SyncClient['preview']>[0]>().toEqualTypeOf<z.input<typeof createSyncSchema>>();
    expectTypeOf<Omit<z.input<typeof previewSyncSchema>, keyof PreviewOptions>>().toEqualTypeOf<
      Omit<z.input<typeof createSyncSchema>, never>
    >();
    expectTypeOf<Required<PreviewOptions>>().toEqualTypeOf<Required<Pick<z.input<typeof previewSyncSchema>, 'pages'>>>();

    expectTypeOf<ClientAnswer<'create'>>().toEqualTypeOf<ServiceAnswer<'create'>>();
    expectTypeOf<ClientAnswer<'get'>>().toEqualTypeOf<ServiceAnswer<'get'>>();
    expectTypeOf<ClientAnswer<'list'>>().toEqualTypeOf<ServiceAnswer<'list'>>();
    expectTypeOf<ClientAnswer<'update'>>().toEqualTypeOf<ServiceAnswer<'update'>>();
    expectTypeOf<ClientAnswer<'act'>>().toEqualTypeOf<ServiceAnswer<'act'>>();
    expectTypeOf<ClientAnswer<'pause'>>().toEqualTypeOf<ServiceAnswer<'act'>>();
    expectTypeOf<ClientAnswer<'actOnMany'>>().toEqualTypeOf<Awaited<ReturnType<typeof actOnMany>>>();
    expectTypeOf<ClientAnswer<'pauseMany'>>().toEqualTypeOf<Awaited<ReturnType<typeof actOnMany>>>();
    expectTypeOf<ClientAnswer<'resync'>>().toEqualTypeOf<ServiceAnswer<'resync'>>();
    expectTypeOf<ClientAnswer<'jobs'>>().toEqualTypeOf<ServiceAnswer<'jobs'>>();
    expectTypeOf<ClientAnswer<'records'>>().toEqualTypeOf<ServiceAnswer<'records'>>();
    expectTypeOf<ClientAnswer<'getState'>>().toEqualTypeOf<ServiceAnswer<'state'>>();
    expectTypeOf<ClientAnswer<'setState'>>().toEqualTypeOf<ServiceAnswer<'setState'>>();
    expectTypeOf<ClientAnswer<'clearState'>>().toEqualTypeOf<ServiceAnswer<'clearState'>>();
    expectTypeOf<ClientAnswer<'allJobs'>>().toEqualTypeOf<ServiceAnswer<'allJobs'>>();
    expectTypeOf<ClientAnswer<'preview'>>().toEqualTypeOf<Awaited<ReturnType<PreviewFetcher>>>();
    expectTypeOf<ClientAnswer<'events'>>().toEqualTypeOf<ServiceAnswer<'events'>>();
    expectTypeOf<ClientAnswer<'ready'>>().toEqualTypeOf<Awaited<ReturnType<typeof readiness>>>();
  });
});
