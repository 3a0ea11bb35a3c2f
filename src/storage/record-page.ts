import type { RecordPage, StoredRecord } from './storage.js';

/** A listed row with the bytes its key and data count towards a page's `maxBytes`. */
export interface SizedRow<Row> {
  row: Row;
  size: number;
}

/**
 * The records page rule: up to `limit` records, stopping before the record that would take the
 * page's key and data bytes past `maxBytes`, the first record always included however large;
 * `more` when a record follows. Reads `rows` (at most limit + 1, in listing order) lazily, so an
 * engine that streams them never loads a record past the one that ends the page.
 */
export function takeRecordPage<Row>(
  rows: Iterable<SizedRow<Row>>,
  limit: number,
  maxBytes: number | undefined,
  toRecord: (row: Row) => StoredRecord,
): RecordPage {
  const records: StoredRecord[] = [];
  let bytes = 0;
  for (const { row, size } of rows) {
    const overCap = maxBytes !== undefined && records.length > 0 && bytes + size > maxBytes;
    if (records.length === limit || overCap) return { records, more: true };
    records.push(toRecord(row));
    bytes += size;
  }
  return { records, more: false };
}
