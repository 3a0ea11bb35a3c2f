import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { API_TYPES_FILE, renderApiTypes } from '../../scripts/sdk-types/render.js';
import type { bulkFilterSchema, recordsQuerySchema } from '../../src/contracts/api.js';
import type * as server from '../../src/contracts/auth.js';
import type { pagingSchema } from '../../src/contracts/paging.js';
import type * as definitions from '../../src/contracts/sync-definition.js';
import type * as sdk from '../../src/sdk/types.js';

// src/sdk/api-types.ts is generated from the zod contracts; two checks keep it from drifting.

describe('the SDK types generated from the zod contracts', () => {
  it('are what the generator makes of the contracts now (run `npm run build:sdk` to regenerate)', () => {
    const committed = readFileSync(new URL(`../../${API_TYPES_FILE}`, import.meta.url), 'utf8');
    expect(committed).toBe(renderApiTypes());
  });

  it('equal the zod-inferred types of the server', () => {
    // Checked by `tsc -p .`: fails the type-check when a schema changes and the file is not regenerated.
    expectTypeOf<sdk.CreateSyncInput>().toEqualTypeOf<z.input<typeof definitions.createSyncSchema>>();
    expectTypeOf<sdk.UpdateSyncInput>().toEqualTypeOf<z.input<typeof definitions.updateSyncSchema>>();
    expectTypeOf<sdk.SyncDefinition>().toEqualTypeOf<definitions.SyncDefinition>();
    expectTypeOf<sdk.Sync>().toEqualTypeOf<definitions.Sync>();
    expectTypeOf<sdk.Auth>().toEqualTypeOf<server.Auth>();
    expectTypeOf<sdk.AuthType>().toEqualTypeOf<server.AuthType>();
    expectTypeOf<sdk.Paging>().toEqualTypeOf<z.output<typeof pagingSchema>>();
    expectTypeOf<sdk.RecordFilter>().toEqualTypeOf<NonNullable<z.output<typeof recordsQuerySchema>['filter']>>();
    expectTypeOf<sdk.BulkFilter>().toEqualTypeOf<z.input<typeof bulkFilterSchema>>();
  });
});
