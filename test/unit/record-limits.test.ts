import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { inspectRecords, nestingDepth } from '../../activities/http/record-limits.js';
import { thrownBy } from '../helpers/thrown-by.js';

const limits = { maxPageBytes: 1024 * 1024, maxRecordBytes: 1000, maxRecordDepth: 64 };

function nested(levels: number): unknown {
  return JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
}

describe('nestingDepth', () => {
  it('counts objects and arrays', () => {
    expect(nestingDepth(1, 10)).toBe(0);
    expect(nestingDepth({ a: 1 }, 10)).toBe(1);
    expect(nestingDepth({ a: [{ b: 1 }], c: {} }, 10)).toBe(3);
  });

  it('walks 100,000 levels without recursion and stops once past the limit', () => {
    expect(nestingDepth(nested(100_000), 64)).toBe(65);
  });
});

describe('inspectRecords', () => {
  it('fails at once on a record nested deeper than the limit, naming it and the env var', () => {
    const error = thrownBy(() => inspectRecords([{ id: 1 }, { id: 2, deep: nested(100_000) }], limits, 3));
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).message).toBe(
      'record 1 of page 3 nests objects and arrays more than 64 levels deep, the limit set by SYNCD_MAX_RECORD_DEPTH',
    );
  });

  it('fails on a record whose JSON is larger than the limit (UTF-8 bytes)', () => {
    const error = thrownBy(() => inspectRecords([{ id: 1, text: 'é'.repeat(500) }], limits, 1));
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe('job_response_error');
    expect((error as ApplicationFailure).message).toMatch(
      /^record 0 of page 1 is 10\d\d bytes of JSON, more than 1000, the limit set by SYNCD_MAX_RECORD_BYTES$/,
    );
  });

  it('fingerprints a page by its records: equal pages alike, different ones not', () => {
    const page = [{ id: 1 }, { id: 2 }];
    expect(inspectRecords(page, limits, 1).fingerprint).toBe(inspectRecords(structuredClone(page), limits, 2).fingerprint);
    expect(inspectRecords(page, limits, 1).fingerprint).not.toBe(inspectRecords([{ id: 1 }, { id: 3 }], limits, 1).fingerprint);
    expect(inspectRecords([{ id: 1 }, { id: 2 }], limits, 1).fingerprint).not.toBe(
      inspectRecords([{ id: 1, x: { id: 2 } }], limits, 1).fingerprint,
    );
  });
});
