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
  `
  ALTER TABLE syncs ADD COLUMN sealed_secrets TEXT;
  ALTER TABLE syncs ADD COLUMN incremental_cursor TEXT;
  ALTER TABLE syncs ADD COLUMN pending_clear_records INTEGER NOT NULL DEFAULT 0;

  ALTER TABLE jobs ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE jobs ADD COLUMN mode TEXT NOT NULL DEFAULT 'full';
  ALTER TABLE jobs ADD COLUMN cursor_sent TEXT;
  ALTER TABLE jobs ADD COLUMN cursor_max TEXT;
  ALTER TABLE jobs ADD COLUMN max_total_reached INTEGER NOT NULL DEFAULT 0;

  ALTER TABLE records ADD COLUMN deleted_at TEXT;
  ALTER TABLE records ADD COLUMN modified_at TEXT;
  UPDATE records SET modified_at = updated_at;
  CREATE INDEX records_by_modified ON records (sync_id, modified_at);

  CREATE TABLE webhook_deliveries (
    delivery_id INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id INTEGER NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_status_code INTEGER,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX webhook_deliveries_by_job ON webhook_deliveries (job_id, delivery_id);
  `,
  `
  ALTER TABLE jobs ADD COLUMN definition TEXT;
  ALTER TABLE jobs ADD COLUMN sealed_secrets TEXT;
  UPDATE jobs SET definition = (SELECT definition FROM syncs WHERE syncs.sync_id = jobs.sync_id);
  `,
  // Each distinct job definition stored once (content_hash() is registered by openDatabase);
  // the sync's next run and live record count kept on its row so lists read no other table;
  // listing indexes that match each listing's ORDER BY.
  `
  CREATE TABLE job_definitions (
    hash TEXT PRIMARY KEY,
    definition TEXT NOT NULL
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO job_definitions (hash, definition)
    SELECT content_hash(definition), definition FROM jobs WHERE definition IS NOT NULL;
  ALTER TABLE jobs ADD COLUMN definition_hash TEXT REFERENCES job_definitions (hash);
  UPDATE jobs SET definition_hash = content_hash(definition) WHERE definition IS NOT NULL;
  ALTER TABLE jobs DROP COLUMN definition;
  CREATE INDEX jobs_by_definition ON jobs (definition_hash);
  ALTER TABLE jobs ADD COLUMN deletes_skipped TEXT;

  ALTER TABLE syncs ADD COLUMN next_run_at TEXT;
  ALTER TABLE syncs ADD COLUMN next_run_observed_at TEXT;
  ALTER TABLE syncs ADD COLUMN record_count INTEGER NOT NULL DEFAULT 0;
  UPDATE syncs SET record_count = (SELECT count(*) FROM records WHERE records.sync_id = syncs.sync_id AND records.deleted_at IS NULL);

  CREATE INDEX records_live ON records (sync_id, id) WHERE deleted_at IS NULL;
  CREATE INDEX records_deleted ON records (sync_id, id) WHERE deleted_at IS NOT NULL;
  `,
  // Who set the incremental cursor, and when (GET /v1/syncs/:id/state): a job or a user. A cursor
  // stored before this step was set by a job, which and when unknown.
  `
  ALTER TABLE syncs ADD COLUMN cursor_set_at TEXT;
  ALTER TABLE syncs ADD COLUMN cursor_set_by_job_id INTEGER;
  ALTER TABLE syncs ADD COLUMN cursor_source TEXT;
  UPDATE syncs SET cursor_source = 'job' WHERE incremental_cursor IS NOT NULL;
  `,
  // Job history filters across syncs (GET /v1/jobs): a start-time range, with or without a status,
  // reads the jobs in range rather than every job.
  `
  CREATE INDEX jobs_by_status_started ON jobs (status, started_at);
  CREATE INDEX jobs_by_started ON jobs (started_at);
  `,
  // Sync health kept on the sync's row (updated as each job ends, so listings read no jobs), why
  // a paused sync is paused, and the audit trail of control actions.
  `
  ALTER TABLE syncs ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE syncs ADD COLUMN last_success_at TEXT;
  ALTER TABLE syncs ADD COLUMN last_error TEXT;
  ALTER TABLE syncs ADD COLUMN paused_reason TEXT;
  CREATE TABLE sync_events (
    event_id INTEGER PRIMARY KEY AUTOINCREMENT,
    sync_id INTEGER NOT NULL REFERENCES syncs (sync_id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    actor TEXT NOT NULL,
    request_id TEXT
  );
  CREATE INDEX sync_events_by_sync ON sync_events (sync_id, event_id);
  `,
  // Failure classes: a failed job's class, code and HTTP status beside its message (error).
  // Rows failed before have none and read back as internal/unclassified (job-error-columns.ts).
  `
  ALTER TABLE jobs ADD COLUMN error_class TEXT;
  ALTER TABLE jobs ADD COLUMN error_code TEXT;
  ALTER TABLE jobs ADD COLUMN error_http_status INTEGER;
  `,
];
