import { describe, expect, it } from 'vitest';
import { benchDatabase } from '../../bench/bench-database.js';
import { DEFAULT_JOB_SIZES, jobSizes } from '../../bench/job-sizes.js';
import { benchRecord, benchRecordSource } from '../../bench/records.js';

describe('the ingest bench records', () => {
  it('makes each record the same whichever slice asks for it, so pages served on demand never drift', () => {
    const source = benchRecordSource(5000);
    const pageTwo = source.slice(1000, 2000);
    expect(pageTwo).toHaveLength(1000);
    expect(pageTwo[0]).toEqual(benchRecord(1001));
    expect(source.slice(1500, 1501)).toEqual([pageTwo[500]]);
    expect(new Set(pageTwo.map((record) => record.id)).size).toBe(1000);
  });

  it('ends slices at the source length, as an array does', () => {
    const source = benchRecordSource(2500);
    expect(source.slice(2000, 3000).map((record) => record.id)).toEqual(Array.from({ length: 500 }, (_, index) => 2001 + index));
    expect(source.slice(2500, 3500)).toEqual([]);
  });
});

describe('BENCH_INGEST_SIZES', () => {
  it('defaults to 20,000, 200,000 and 1,000,000 records when unset or empty', () => {
    expect(DEFAULT_JOB_SIZES).toEqual([20_000, 200_000, 1_000_000]);
    expect(jobSizes(undefined)).toEqual(DEFAULT_JOB_SIZES);
    expect(jobSizes(' ')).toEqual(DEFAULT_JOB_SIZES);
  });

  it('reads counts smallest first without repeats, the smallest being the memory baseline', () => {
    expect(jobSizes('200000, 20000,20000')).toEqual([20_000, 200_000]);
  });

  it.each(['abc', '20000,', '0', '-5', '1.5'])('refuses "%s" naming the variable', (value) => {
    expect(() => jobSizes(value)).toThrow(/^BENCH_INGEST_SIZES must be record counts/);
  });
});

describe('BENCH_INGEST_ENGINE', () => {
  it('runs on SQLite unless it or DATABASE_URL asks for PostgreSQL, and on the given DATABASE_URL without starting a cluster', async () => {
    expect((await benchDatabase(undefined, undefined)).url).toBeUndefined();
    expect((await benchDatabase('sqlite', 'postgres://db.test/x')).url).toBeUndefined();
    expect((await benchDatabase(undefined, 'postgres://db.test/x')).url).toBe('postgres://db.test/x');
    expect((await benchDatabase('postgres', 'postgres://db.test/x')).url).toBe('postgres://db.test/x');
  });

  it('names the variable and the engines it takes when given another', async () => {
    await expect(benchDatabase('mysql', undefined)).rejects.toThrow('BENCH_INGEST_ENGINE must be one of sqlite, postgres; got "mysql"');
  });
});
