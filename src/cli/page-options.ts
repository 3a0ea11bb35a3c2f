import type { OptionSpec } from './command.js';

/** --limit and --cursor, shared by the commands that list a page. */
export const PAGE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  limit: { type: 'string', value: '<n>', description: 'at most n items, 1 to 100 (default 20)' },
  cursor: { type: 'string', value: '<cursor>', description: 'the next page: the cursor a previous page printed' },
};
