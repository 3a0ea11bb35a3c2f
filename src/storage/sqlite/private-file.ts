import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

/**
 * Creates the database's folder (0700) and file (0600) before SQLite opens it, and tightens an
 * existing file and its -wal/-shm companions: it holds sealed secrets and every synced record.
 * SQLite creates -wal and -shm with the database file's mode.
 */
export function preparePrivateDatabaseFile(file: string): void {
  const dir = path.dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const companion of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(companion)) chmodSync(companion, 0o600);
  }
}
