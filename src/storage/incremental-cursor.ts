import type { SyncDefinition } from '../contracts/sync-definition.js';
import type { JobEnd } from './storage.js';

/**
 * The cursor an incremental sync keeps for its next job once a job ends: the highest cursor the
 * job saw, if it succeeded and saw one; null keeps the stored cursor as it is (a failed or
 * cancelled job may have missed records below its highest cursor).
 */
export function cursorToKeep(end: JobEnd, definition: SyncDefinition, cursorMax: string | null): string | null {
  return end.status === 'succeeded' && definition.incremental !== undefined ? cursorMax : null;
}
