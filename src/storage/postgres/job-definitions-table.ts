import { type SyncDefinition, withJobLimits } from '../../contracts/sync-definition.js';
import { textHash } from '../canonical-json.js';
import type { Queryable } from './connection.js';

/**
 * The job_definitions table: the definition each job ran with, stored once per distinct text and
 * referenced by hash from the jobs, so a thousand jobs of an unchanged sync hold one copy.
 */
export function jobDefinitionsTable(db: Queryable) {
  return {
    /**
     * Stores the definition's JSON text unless already there; answers its hash. The row is locked
     * either way (DO UPDATE … WHERE false writes nothing but locks), so `collect` in another
     * transaction cannot delete it before the job that uses it commits.
     */
    async store(definition: string): Promise<string> {
      const hash = textHash(definition);
      await db.query(
        `INSERT INTO job_definitions (hash, definition) VALUES ($1, $2)
         ON CONFLICT (hash) DO UPDATE SET definition = EXCLUDED.definition WHERE false`,
        [hash, definition],
      );
      return hash;
    },

    async get(hash: string | null): Promise<SyncDefinition | null> {
      if (hash === null) return null;
      const { rows } = await db.query<{ definition: string }>(`SELECT definition FROM job_definitions WHERE hash = $1`, [hash]);
      return rows[0] ? withJobLimits(JSON.parse(rows[0].definition) as SyncDefinition) : null;
    },

    /** Deletes these definitions unless a job still uses them; locks them first, so a job storing one meanwhile is seen. */
    async collect(hashes: (string | null)[]): Promise<void> {
      const candidates = [...new Set(hashes.filter((hash) => hash !== null))];
      if (candidates.length === 0) return;
      await db.query(`SELECT hash FROM job_definitions WHERE hash = ANY($1::text[]) ORDER BY hash FOR UPDATE`, [candidates]);
      await db.query(
        `DELETE FROM job_definitions WHERE hash = ANY($1::text[])
           AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.definition_hash = job_definitions.hash)`,
        [candidates],
      );
    },
  };
}

export type JobDefinitionsTable = ReturnType<typeof jobDefinitionsTable>;
