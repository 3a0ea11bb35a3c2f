import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageOf } from '../../src/api/cursor.js';
import { ValidationError } from '../../src/api/errors.js';
import { thrownBy } from '../helpers/thrown-by.js';

describe('encodeCursor and decodeCursor', () => {
  it('roundtrips an id', () => {
    for (const id of [0, 1, 42, 987_654_321]) expect(decodeCursor(encodeCursor(id))).toBe(id);
  });

  it('produces an opaque URL-safe cursor', () => {
    const cursor = encodeCursor(42);
    expect(cursor).not.toContain('42');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('decodes no cursor as undefined', () => {
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it('a foreign cursor throws a ValidationError naming the cursor field', () => {
    const foreign = [
      Buffer.from('page:2').toString('base64url'),
      'not-a-cursor',
      '',
      Buffer.from('id:').toString('base64url'),
      Buffer.from('id:-3').toString('base64url'),
    ];
    for (const cursor of foreign) {
      const error = thrownBy(() => decodeCursor(cursor));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).status).toBe(400);
      expect((error as ValidationError).code).toBe('invalid_request');
      expect((error as ValidationError).details?.map((detail) => detail.field)).toEqual(['cursor']);
    }
  });
});

describe('pageOf', () => {
  const rows = [{ id: 3 }, { id: 5 }, { id: 8 }];
  const idOf = (row: { id: number }) => row.id;
  const view = (row: { id: number }) => `row ${row.id}`;

  it('gives a next cursor at the last shown row when there are more rows than the limit', () => {
    const page = pageOf(rows, 2, idOf, view);
    expect(page.data).toEqual(['row 3', 'row 5']);
    expect(page.next_cursor).not.toBeNull();
    expect(decodeCursor(page.next_cursor ?? undefined)).toBe(5);
  });

  it('gives no next cursor when the rows fit the limit exactly', () => {
    expect(pageOf(rows, 3, idOf, view)).toEqual({ data: ['row 3', 'row 5', 'row 8'], next_cursor: null });
  });

  it('gives no next cursor when there are fewer rows than the limit', () => {
    expect(pageOf(rows.slice(0, 1), 5, idOf, view)).toEqual({ data: ['row 3'], next_cursor: null });
  });

  it('gives an empty page for no rows', () => {
    expect(pageOf([], 10, idOf, view)).toEqual({ data: [], next_cursor: null });
  });
});
