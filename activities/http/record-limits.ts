import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../../src/contracts/errors.js';
import type { FetchLimits } from './limits.js';
import { fingerprint } from './repeat-guard.js';

/** How deeply `value` nests objects and arrays, counted without recursion; stops once past `max`. */
export function nestingDepth(value: unknown, max: number): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    const inner = depth + 1;
    if (inner > deepest) deepest = inner;
    if (deepest > max) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (child !== null && typeof child === 'object') pending.push([child, inner]);
    }
  }
  return deepest;
}

/** A page's records as checked: their fingerprint, and each one's JSON text for storage to reuse. */
export interface InspectedRecords {
  fingerprint: string;
  texts: string[];
}

/**
 * Checks every record of a page against the limits before it goes near storage, whose JSON
 * serialization and comparison recurse and would overflow the stack on a deeply nested record;
 * returns the fingerprint of the page's records, to catch an API that serves a page again, and the
 * JSON text each check produced, so the record is serialized once on its way to storage.
 */
export function inspectRecords(records: readonly unknown[], limits: FetchLimits, pageNumber: number): InspectedRecords {
  const pageHash = createHash('sha256');
  const texts = records.map((record, index) => {
    if (nestingDepth(record, limits.maxRecordDepth) > limits.maxRecordDepth) {
      throw ApplicationFailure.nonRetryable(
        `record ${index} of page ${pageNumber} nests objects and arrays more than ${limits.maxRecordDepth} levels deep, the limit set by SYNCD_MAX_RECORD_DEPTH`,
        ErrorCode.JobResponse,
      );
    }
    const json = JSON.stringify(record) ?? 'null';
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > limits.maxRecordBytes) {
      throw ApplicationFailure.nonRetryable(
        `record ${index} of page ${pageNumber} is ${bytes} bytes of JSON, more than ${limits.maxRecordBytes}, the limit set by SYNCD_MAX_RECORD_BYTES`,
        ErrorCode.JobResponse,
      );
    }
    pageHash.update(json).update('\n');
    return json;
  });
  return { fingerprint: fingerprint(pageHash), texts };
}
