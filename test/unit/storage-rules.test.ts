import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSyncSchema, toSyncDefinition } from '../../src/contracts/sync-definition.js';
import { sawEverything, unseenRecords } from '../../src/storage/delete-detection.js';
import { cursorToKeep } from '../../src/storage/incremental-cursor.js';
import { labelJob } from '../../src/storage/job-label.js';
import { retentionCutoff } from '../../src/storage/job-retention.js';
import { fromJsonText, toJsonText } from '../../src/storage/json-text.js';
import { recordChange, type StoredRecordState } from '../../src/storage/record-changes.js';
import { openSecrets, sealSecrets } from '../../src/storage/sealed-secrets.js';
import { SecretBox } from '../../src/storage/secret-box.js';

const { definition } = toSyncDefinition(createSyncSchema.parse({ url: 'http://example.test/items', unique_key: 'id' }));
const incremental = { ...definition, incremental: { cursor_path: 'updated', param: 'since' } };
const succeeded = { status: 'succeeded', error: null } as const;
const failed = { status: 'failed', error: { class: 'config', code: 'http_404', message: 'boom', http_status: 404 } } as const;

describe('labelJob: the job that claims the pending trigger', () => {
  const plain = { definition, incrementalCursor: null };
  const withCursor = { definition: incremental, incrementalCursor: '"c"' };

  it('is a scheduled job when no action left a reason', () => {
    expect(labelJob(null, plain)).toEqual({
      trigger: 'schedule',
      mode: 'full',
      cursorSent: null,
      clearRecords: false,
    });
  });

  it('carries the reason an action left, and clears records only for a resync that asked', () => {
    for (const trigger of ['create', 'manual', 'resume'] as const) {
      expect(labelJob({ trigger, clearRecords: true }, plain)).toMatchObject({ trigger, clearRecords: false });
    }
    expect(labelJob({ trigger: 'resync', clearRecords: true }, plain)).toMatchObject({ trigger: 'resync', clearRecords: true });
    expect(labelJob({ trigger: 'resync', clearRecords: false }, plain)).toMatchObject({ clearRecords: false });
  });

  it('fetches incrementally from the stored cursor, except on the first job and on a resync', () => {
    expect(labelJob(null, withCursor)).toMatchObject({ mode: 'incremental', cursorSent: '"c"' });
    expect(labelJob({ trigger: 'manual', clearRecords: false }, withCursor)).toMatchObject({ mode: 'incremental' });
    expect(labelJob(null, { definition: incremental, incrementalCursor: null })).toMatchObject({ mode: 'full', cursorSent: null });
    expect(labelJob({ trigger: 'resync', clearRecords: false }, withCursor)).toMatchObject({ mode: 'full', cursorSent: null });
    expect(labelJob(null, { definition, incrementalCursor: '"c"' })).toMatchObject({ mode: 'full', cursorSent: null });
  });
});

describe('unseenRecords: delete detection at job end', () => {
  const full = { mode: 'full', maxTotalReached: false } as const;

  it('deletes only after a full job that succeeded without reaching max_total', () => {
    expect(sawEverything(full, succeeded)).toBe(true);
    expect(unseenRecords(full, succeeded, false, undefined)).toEqual({ action: 'delete', soft: false });
    expect(unseenRecords(full, succeeded, true, undefined)).toEqual({ action: 'delete', soft: true });
    for (const [job, end] of [
      [full, failed],
      [full, { status: 'cancelled', error: null }],
      [{ mode: 'full', maxTotalReached: true }, succeeded],
      [{ mode: 'incremental', maxTotalReached: false }, succeeded],
    ] as const) {
      expect(sawEverything(job, end)).toBe(false);
      expect(unseenRecords(job, end, false, 7)).toEqual({ action: 'keep', reason: null });
    }
  });

  it('keeps the records and says why while another job of the sync runs', () => {
    expect(unseenRecords(full, succeeded, false, 7)).toEqual({
      action: 'keep',
      reason: 'job 7 of this sync was running, so the records this job did not see were kept',
    });
  });
});

describe('cursorToKeep: advancing the incremental cursor', () => {
  const full = (cursorMax: string | null) => ({ mode: 'full' as const, cursor_max: cursorMax });
  const incrementalJob = (cursorMax: string | null) => ({ mode: 'incremental' as const, cursor_max: cursorMax });

  it('keeps the highest cursor of a successful job of an incremental sync, and nothing else', () => {
    expect(cursorToKeep(succeeded, incremental, full('42'), null)).toBe('42');
    expect(cursorToKeep(succeeded, incremental, full(null), '7')).toBeNull();
    expect(cursorToKeep(failed, incremental, full('42'), null)).toBeNull();
    expect(cursorToKeep(succeeded, definition, full('42'), null)).toBeNull();
  });

  it('an incremental job never moves the cursor back: its lookback window may hold only older records', () => {
    expect(cursorToKeep(succeeded, incremental, incrementalJob('"2026-01-01T10:00:00Z"'), '"2026-01-01T11:00:00Z"')).toBeNull();
    expect(cursorToKeep(succeeded, incremental, incrementalJob('"2026-01-01T12:00:00Z"'), '"2026-01-01T11:00:00Z"')).toBe(
      '"2026-01-01T12:00:00Z"',
    );
    // Numbers compare as numbers, not as text ("9" > "10").
    expect(cursorToKeep(succeeded, incremental, incrementalJob('9'), '10')).toBeNull();
    expect(cursorToKeep(succeeded, incremental, incrementalJob('11'), '10')).toBe('11');
    // The same cursor again changes nothing, so the job that set it stays the one shown.
    expect(cursorToKeep(succeeded, incremental, incrementalJob('10'), '10')).toBeNull();
  });

  it('a full job read everything, so the highest cursor it saw stands, lower or not', () => {
    expect(cursorToKeep(succeeded, incremental, full('9'), '10')).toBe('9');
    expect(cursorToKeep(succeeded, incremental, full('10'), '10')).toBeNull();
  });
});

describe('recordChange: record change detection', () => {
  const stored = (overrides: Partial<StoredRecordState> = {}): StoredRecordState => ({
    contentHash: 'h1',
    seenJobId: 1,
    jobChange: 'created',
    deleted: false,
    ...overrides,
  });
  const seenByThisJob = (jobChange: StoredRecordState['jobChange']) => stored({ seenJobId: 2, jobChange });
  const never = () => {
    throw new Error('stored content read although the hash decided');
  };

  it('inserts a new key', () => {
    expect(recordChange(undefined, 'h1', 2, never)).toEqual({ kind: 'insert' });
  });

  it('the same text is unchanged for a new job and nothing at all for a replay within the job', () => {
    expect(recordChange(stored(), 'h1', 2, never)).toEqual({ kind: 'touch' });
    expect(recordChange(seenByThisJob('unchanged'), 'h1', 2, never)).toEqual({ kind: 'none' });
  });

  it('another key order of the same content is no update, and keeps what the job counted already', () => {
    expect(recordChange(stored(), 'h2', 2, () => true)).toEqual({ kind: 'reorder', jobChange: 'unchanged' });
    expect(recordChange(seenByThisJob('created'), 'h2', 2, () => true)).toEqual({ kind: 'reorder', jobChange: 'created' });
  });

  it('changed content is an update, unless this job created the record', () => {
    expect(recordChange(stored(), 'h2', 2, () => false)).toEqual({ kind: 'update', jobChange: 'updated' });
    expect(recordChange(seenByThisJob('unchanged'), 'h2', 2, () => false)).toEqual({ kind: 'update', jobChange: 'updated' });
    expect(recordChange(seenByThisJob('created'), 'h2', 2, () => false)).toEqual({ kind: 'update', jobChange: 'created' });
  });

  it('a soft-deleted record seen again is revived, even with the same text', () => {
    expect(recordChange(stored({ deleted: true }), 'h1', 2, never)).toEqual({ kind: 'revive', jobChange: 'updated' });
  });
});

describe('engine-neutral storage helpers', () => {
  it('retention cutoff is `days` before now', () => {
    expect(retentionCutoff({ days: 2, maxJobsPerSync: 1 }, new Date('2024-03-03T12:00:00Z'))).toBe('2024-03-01T12:00:00.000Z');
  });

  it('secrets seal to text only the same key opens, and none stay none', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = sealSecrets(box, { token: 'abc' });
    expect(sealed).not.toContain('abc');
    expect(openSecrets(box, sealed)).toEqual({ token: 'abc' });
    expect(sealSecrets(box, null)).toBeNull();
    expect(openSecrets(box, null)).toBeNull();
    expect(() => openSecrets(new SecretBox(randomBytes(32)), sealed)).toThrow();
  });

  it('JSON text columns keep absent values as null', () => {
    expect(toJsonText(undefined)).toBeNull();
    expect(toJsonText(null)).toBeNull();
    expect(fromJsonText(toJsonText({ at: 5 }))).toEqual({ at: 5 });
    expect(fromJsonText(null)).toBeNull();
  });
});
