import Database from 'better-sqlite3';
import { textHash } from '../canonical-json.js';
import { migrations } from './migrations.js';
import { preparePrivateDatabaseFile } from './private-file.js';

/** How long a write waits for another process's write transaction before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating when missing, with private file modes) and migrates the database file. WAL mode
 * lets the API and workers in several processes share it.
 */
export function openDatabase(file: string, firstSyncId: number): Database.Database {
  preparePrivateDatabaseFile(file);
  const db = new Database(file);
  // First, so that even switching to WAL waits for another process opening the same file.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Used by a migration to key the job definitions it moves.
  db.function('content_hash', { deterministic: true }, (text: unknown) => textHash(String(text)));
  migrate(db, firstSyncId);
  return db;
}

/**
 * Runs `work` in an IMMEDIATE transaction: it takes the write lock (waiting for it) before reading.
 * A deferred one that reads first and writes later fails with SQLITE_BUSY when another process
 * wrote in between.
 */
export function writeTransaction<T>(db: Database.Database, work: () => T): T {
  return db.transaction(work).immediate();
}

function migrate(db: Database.Database, firstSyncId: number): void {
  // Read under the write lock, so two processes starting at once migrate only once.
  writeTransaction(db, () => {
    const applied = db.pragma('user_version', { simple: true }) as number;
    const pending = migrations.slice(applied);
    if (pending.length === 0) return;
    for (const sql of pending) db.exec(sql);
    if (applied === 0 && firstSyncId > 1) {
      db.prepare(`INSERT INTO sqlite_sequence (name, seq) VALUES ('syncs', ?)`).run(firstSyncId - 1);
    }
    db.pragma(`user_version = ${migrations.length}`);
  });
}
