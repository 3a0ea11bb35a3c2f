import { ValidationError } from './errors.js';

/** Opaque keyset cursors: the id of the last row of the previous page. */
export function encodeCursor(id: number): string {
  return Buffer.from(`id:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const match = /^id:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new ValidationError([{ field: 'cursor', message: 'is not a cursor this API handed out' }]);
  return Number(match[1]);
}

/** A page of `limit` rows from `limit + 1` fetched, with the cursor for the next page. */
export function pageOf<Row, Out>(rows: Row[], limit: number, idOf: (row: Row) => number, view: (row: Row) => Out) {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    data: pageRows.map(view),
    next_cursor: rows.length > limit && last !== undefined ? encodeCursor(idOf(last)) : null,
  };
}
