/** Ordered schema steps; `PRAGMA user_version` records how many have run. Append, never edit. */
export const migrations: readonly string[] = [
  `
  CREATE TABLE syncs (
    sync_id INTEGER PRIMARY KEY AUTOINCREMENT,
    definition TEXT NOT NULL,
    status TEXT NOT NULL,
    pending_trigger TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX syncs_by_status ON syncs (status, sync_id);

  CREATE TABLE jobs (
    job_id INTEGER PRIMARY KEY AUTOINCREMENT,
    sync_id INTEGER NOT NULL REFERENCES syncs (sync_id) ON DELETE CASCADE,
    workflow_id TEXT NOT NULL,
    run_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    trigger TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    created INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    fetched INTEGER NOT NULL DEFAULT 0,
    pages INTEGER NOT NULL DEFAULT 0,
    error TEXT
  );
  CREATE INDEX jobs_by_sync ON jobs (sync_id, job_id);
  CREATE INDEX jobs_running ON jobs (status) WHERE status = 'running';

  CREATE TABLE records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sync_id INTEGER NOT NULL REFERENCES syncs (sync_id) ON DELETE CASCADE,
    record_key TEXT NOT NULL,
    data TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    seen_job_id INTEGER NOT NULL,
    job_change TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (sync_id, record_key)
  );
  CREATE INDEX records_by_job ON records (sync_id, seen_job_id, job_change);
  `,
];
