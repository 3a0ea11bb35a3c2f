import type Database from 'better-sqlite3';
import { type SyncDefinition, withJobLimits } from '../../contracts/sync-definition.js';
import { textHash } from '../canonical-json.js';

/**
 * The job_definitions table: the definition each job ran with, stored once per distinct text and
 * referenced by hash from the jobs, so a thousand jobs of an unchanged sync hold one copy.
 */
export function jobDefinitionsTable(db: Database.Database) {
  const insert = db.prepare<[string, string]>(`INSERT OR IGNORE INTO job_definitions (hash, definition) VALUES (?, ?)`);
  const byHash = db.prepare<[string], string>(`SELECT definition FROM job_definitions WHERE hash = ?`).pluck();
  const removeUnused = db.prepare<[string]>(
    `DELETE FROM job_definitions WHERE hash IN (SELECT value FROM json_each(?))
       AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.definition_hash = job_definitions.hash)`,
  );

  return {
    /** Stores the definition's JSON text unless already there; answers its hash. */
    store(definition: string): string {
      const hash = textHash(definition);
      insert.run(hash, definition);
      return hash;
    },

    get(hash: string | null): SyncDefinition | null {
      const text = hash === null ? undefined : byHash.get(hash);
      return text === undefined ? null : withJobLimits(JSON.parse(text) as SyncDefinition);
    },

    /** Deletes these definitions unless a job still uses them. */
    collect(hashes: (string | null)[]): void {
      const candidates = [...new Set(hashes.filter((hash) => hash !== null))];
      if (candidates.length > 0) removeUnused.run(JSON.stringify(candidates));
    },
  };
}

export type JobDefinitionsTable = ReturnType<typeof jobDefinitionsTable>;
