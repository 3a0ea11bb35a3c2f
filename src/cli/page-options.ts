import type { OptionSpec } from './command.js';

/** --limit and --cursor, shared by the commands that list a page. */
export const PAGE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  limit: { type: 'string', value: '<n>', description: 'at most n items (the API caps it)' },
  cursor: { type: 'string', value: '<cursor>', description: 'the next page: the cursor a previous page printed' },
};
