// The ingest bench's baseline: the same records written straight into the same records table of
// the engine the bench's syncd runs on, without syncd in between. Each engine has its own file
// (raw-insert-sqlite.ts, raw-insert-postgres.ts); batching, timing and the row count check are
// shared here, so the engines differ only in how a batch goes in.
import type { FakeRecord, RecordSource } from '../test/helpers/fake-api.js';
import type { BenchEngine } from './environment.js';
import { postgresRawWriter } from './raw-insert-postgres.js';
import { sqliteRawWriter } from './raw-insert-sqlite.js';

/** Rows a batch, and a transaction; the job writes its pages of 1,000 the same way. */
export const RAW_BATCH = 1000;

export interface RawInsertResult {
  records: number;
  /** Time spent writing batches only: making the records is not counted. */
  seconds: number;
  rate: number;
}

/** One engine's raw writer of records rows for one sync. */
export interface RawWriter {
  /** How it writes, for the report. */
  method: string;
  /** Writes one batch (serializing and hashing each record as syncd stores it) in one transaction. */
  writeBatch(syncId: number, batch: readonly FakeRecord[]): Promise<void>;
  countRows(syncId: number): Promise<number>;
  close(): Promise<void>;
}

/** The raw writer for `engine`, connected. */
export async function rawWriterFor(engine: BenchEngine): Promise<RawWriter> {
  switch (engine.kind) {
    case 'sqlite':
      return sqliteRawWriter(engine.file);
    case 'postgres':
      return postgresRawWriter(engine.url);
  }
}

/** Writes `count` records of `source` in batches and checks the sync then has exactly that many rows. */
export async function rawInsert(writer: RawWriter, syncId: number, source: RecordSource, count: number): Promise<RawInsertResult> {
  let writingMs = 0;
  for (let offset = 0; offset < count; offset += RAW_BATCH) {
    const batch = source.slice(offset, Math.min(count, offset + RAW_BATCH));
    const started = performance.now();
    await writer.writeBatch(syncId, batch);
    writingMs += performance.now() - started;
  }
  const rows = await writer.countRows(syncId);
  if (rows !== count) throw new Error(`raw insert stored ${rows} rows, expected ${count}`);
  const seconds = writingMs / 1000;
  return { records: count, seconds, rate: count / seconds };
}
