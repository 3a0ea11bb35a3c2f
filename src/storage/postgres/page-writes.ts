import { sameContent } from '../canonical-json.js';
import type { JobChange, StoredRecordState } from '../record-changes.js';
import { recordChange } from '../record-changes.js';

/** An incoming record with its JSON text and that text's hash. */
export interface HashedRecord {
  key: string;
  json: string;
  hash: string;
}

export interface RecordInsert {
  key: string;
  data: string;
  hash: string;
  jobChange: JobChange;
}

export interface RecordUpdate extends RecordInsert {
  /** The content changed or a deleted record came back: its update and modification times move, it is live. */
  bump: boolean;
}

/** What a page does to the records table, as three multi-row statements. */
export interface PageWrites {
  /** New keys, in the page's order, so their ids follow it. */
  inserts: RecordInsert[];
  /** Stored records whose text changes (updated, revived or reordered). */
  updates: RecordUpdate[];
  /** Stored records seen unchanged: only their job mark moves. */
  touches: string[];
  /** How many records became live (inserted or revived). */
  added: number;
}

/** The stored keys whose text a change check may need: a record whose incoming text differs from the stored text. */
export function keysToCompare(records: HashedRecord[], stored: Map<string, StoredRecordState>): string[] {
  const keys = new Set<string>();
  for (const record of records) {
    const found = stored.get(record.key);
    if (found && !found.deleted && found.contentHash !== record.hash) keys.add(record.key);
  }
  return [...keys];
}

/** A key's state once this page's write of it is stored. */
function writtenState(contentHash: string, seenJobId: number, jobChange: JobChange, deleted: boolean): StoredRecordState {
  return { contentHash, seenJobId, jobChange, deleted };
}

interface KeyState {
  state: StoredRecordState;
  /** The record's current text, when known (written by this page or read for a comparison). */
  text: string | undefined;
  write: 'insert' | 'update' | 'touch' | undefined;
  bump: boolean;
}

/**
 * Plans a page's writes the way storing its records one by one would (record-changes.ts decides
 * each), so that a key sent twice in one page is counted as SQLite counts it; each key then gets
 * one write with its final state. `storedText` holds the stored text of `keysToCompare`.
 */
export function planPageWrites(
  records: HashedRecord[],
  stored: Map<string, StoredRecordState>,
  storedText: Map<string, string>,
  jobId: number,
): PageWrites {
  const keys = new Map<string, KeyState>();
  let added = 0;
  for (const record of records) {
    let current = keys.get(record.key);
    if (current === undefined) {
      const found = stored.get(record.key);
      if (found) current = { state: found, text: storedText.get(record.key), write: undefined, bump: false };
    }
    const text = current?.text;
    // Inline and unnamed on purpose: tsx names each `const f = () => …` as it is made, per record,
    // by defining a property that gives every closure a map of its own (about 1 KB a record of garbage).
    const change = recordChange(
      current?.state,
      record.hash,
      jobId,
      () => text !== undefined && sameContent(JSON.parse(text), JSON.parse(record.json)),
    );
    switch (change.kind) {
      case 'insert':
        keys.set(record.key, {
          state: writtenState(record.hash, jobId, 'created', false),
          text: record.json,
          write: 'insert',
          bump: false,
        });
        added += 1;
        break;
      case 'revive':
      case 'update':
        if (!current) throw new Error(`record ${record.key}: ${change.kind} without a stored record`);
        if (change.kind === 'revive') added += 1;
        keys.set(record.key, {
          state: writtenState(record.hash, jobId, change.jobChange, false),
          text: record.json,
          write: current.write === 'insert' ? 'insert' : 'update',
          bump: true,
        });
        break;
      case 'reorder':
        if (!current) throw new Error(`record ${record.key}: reorder without a stored record`);
        keys.set(record.key, {
          state: writtenState(record.hash, jobId, change.jobChange, current.state.deleted),
          text: record.json,
          write: current.write === 'insert' ? 'insert' : 'update',
          bump: current.bump,
        });
        break;
      case 'touch':
        if (!current) throw new Error(`record ${record.key}: touch without a stored record`);
        keys.set(record.key, {
          ...current,
          state: { ...current.state, seenJobId: jobId, jobChange: 'unchanged' },
          write: current.write ?? 'touch',
        });
        break;
      case 'none':
        break;
    }
  }
  const writes: PageWrites = { inserts: [], updates: [], touches: [], added };
  for (const [key, { state, text, write, bump }] of keys) {
    if (write === 'touch') writes.touches.push(key);
    else if (write !== undefined && text !== undefined) {
      const row = { key, data: text, hash: state.contentHash, jobChange: state.jobChange };
      if (write === 'insert') writes.inserts.push(row);
      else writes.updates.push({ ...row, bump });
    }
  }
  return writes;
}
