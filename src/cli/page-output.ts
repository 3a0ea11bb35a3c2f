import type { Page } from '../contracts/sync.js';
import type { CliIo } from './io.js';
import { table } from './table.js';

/** A page as JSON, or as a table with a hint on stderr when there is a next page. */
export function printPage<T>(
  io: CliIo,
  json: boolean,
  page: Page<T>,
  empty: string,
  header: readonly string[],
  row: (item: T) => string[],
): void {
  if (json) {
    io.out(JSON.stringify(page, null, 2));
    return;
  }
  io.out(page.data.length === 0 ? empty : table(header, page.data.map(row)));
  if (page.next_cursor !== null) io.err(`more: pass --cursor ${page.next_cursor}`);
}
