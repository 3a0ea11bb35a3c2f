/** How the job that last saw a record counts it. */
export type JobChange = 'created' | 'updated' | 'unchanged';

/** What change detection needs of a stored record. */
export interface StoredRecordState {
  /** Hash of the stored JSON text (`textHash`). */
  contentHash: string;
  seenJobId: number;
  jobChange: JobChange;
  deleted: boolean;
}

/** What storing an incoming record does to the stored one, and how its job then counts it. */
export type RecordChange =
  /** A new key: counted created, one more live record. */
  | { kind: 'insert' }
  /** A soft-deleted record comes back: its content is written and it is live again. */
  | { kind: 'revive'; jobChange: JobChange }
  /** The content changed. */
  | { kind: 'update'; jobChange: JobChange }
  /** The same content in another key order: the new text is kept, yet it is not an update. */
  | { kind: 'reorder'; jobChange: JobChange }
  /** The same text, seen by this job for the first time: counted unchanged. */
  | { kind: 'touch' }
  /** The same text this job already stored (a replayed page): nothing to write. */
  | { kind: 'none' };

/**
 * Record change detection. Same hash means same text; a different hash is confirmed against the
 * stored content (`sameContentAsStored`, read only then), so key order alone is never an update.
 * Counts stay exact when a job stores a record twice: a record it created stays created, one it
 * counted unchanged becomes updated if it then changes.
 */
export function recordChange(
  stored: StoredRecordState | undefined,
  hash: string,
  jobId: number,
  sameContentAsStored: () => boolean,
): RecordChange {
  if (stored === undefined) return { kind: 'insert' };
  const changed: JobChange = stored.seenJobId === jobId && stored.jobChange === 'created' ? 'created' : 'updated';
  if (stored.deleted) return { kind: 'revive', jobChange: changed };
  if (stored.contentHash === hash) return stored.seenJobId === jobId ? { kind: 'none' } : { kind: 'touch' };
  if (sameContentAsStored()) return { kind: 'reorder', jobChange: stored.seenJobId === jobId ? stored.jobChange : 'unchanged' };
  return { kind: 'update', jobChange: changed };
}
