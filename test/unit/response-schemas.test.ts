import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { BulkActionResponse } from '../../src/contracts/bulk.js';
import type { CursorState } from '../../src/contracts/cursor-state.js';
import type { ErrorBody } from '../../src/contracts/errors.js';
import type { Job } from '../../src/contracts/job.js';
import type { JobError } from '../../src/contracts/job-error.js';
import type { PreviewResult } from '../../src/contracts/preview.js';
import type { Readiness } from '../../src/contracts/readiness.js';
import type {
  bulkActionResponseSchema,
  cursorStateSchema,
  errorBodySchema,
  jobErrorSchema,
  jobSchema,
  pageSchema,
  previewResultSchema,
  readinessSchema,
  syncEventSchema,
  syncedRecordSchema,
  syncViewSchema,
} from '../../src/contracts/responses.js';
import type { Page, SyncedRecord } from '../../src/contracts/sync.js';
import type { Sync } from '../../src/contracts/sync-definition.js';
import type { SyncEvent } from '../../src/contracts/sync-health.js';

type Flat<T> = { [K in keyof T]: T[K] };
/** True only when A and B are the same type (not merely assignable either way), once their top level is flattened. */
type Same<A, B> = (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;

// Checked by tsc (npx tsc -p .), where a mismatch fails the build; vitest only runs the empty body.
describe('response schemas', () => {
  it('describe exactly the interfaces the API and SDK share', () => {
    expectTypeOf<Same<z.output<typeof jobSchema>, Job>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.output<typeof cursorStateSchema>, CursorState>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.output<typeof syncViewSchema>, Sync>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.output<typeof syncedRecordSchema>, SyncedRecord>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.output<typeof syncEventSchema>, SyncEvent>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.output<ReturnType<typeof pageSchema<typeof jobSchema>>>, Page<Job>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.output<typeof bulkActionResponseSchema>, BulkActionResponse>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.output<typeof errorBodySchema>, ErrorBody>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.output<typeof jobErrorSchema>, JobError>>().toEqualTypeOf<true>();
    expectTypeOf<Same<z.output<typeof readinessSchema>, Readiness>>().toEqualTypeOf<true>();
    type Ok = Extract<PreviewResult, { ok: true }>;
    type Failed = Extract<PreviewResult, { ok: false }>;
    expectTypeOf<Same<Extract<z.output<typeof previewResultSchema>, { ok: true }>, Ok>>().toEqualTypeOf<true>();
    expectTypeOf<Same<Extract<z.output<typeof previewResultSchema>, { ok: false }>, Failed>>().toEqualTypeOf<true>();
  });

  it('tell a schema apart from an interface it does not match', () => {
    expectTypeOf<Same<z.output<typeof jobSchema>, Omit<Job, 'pages'>>>().toEqualTypeOf<false>();
    expectTypeOf<Same<z.output<typeof jobSchema>, Job & { extra?: string }>>().toEqualTypeOf<false>();
    expectTypeOf<Same<z.output<typeof syncViewSchema>, Omit<Sync, 'paging'> & { paging: { type: 'none' } }>>().toEqualTypeOf<false>();
  });
});
