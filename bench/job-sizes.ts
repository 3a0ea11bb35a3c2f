/** The ingest bench's jobs when BENCH_INGEST_SIZES is not set. */
export const DEFAULT_JOB_SIZES: readonly number[] = [20_000, 200_000, 1_000_000];

/** BENCH_INGEST_SIZES as distinct record counts, smallest first; the smallest is the memory baseline. */
export function jobSizes(value: string | undefined): number[] {
  if (value === undefined || value.trim() === '') return [...DEFAULT_JOB_SIZES];
  const sizes = value.split(',').map((item) => (item.trim() === '' ? Number.NaN : Number(item.trim())));
  if (sizes.some((size) => !Number.isSafeInteger(size) || size < 1)) {
    throw new Error(`BENCH_INGEST_SIZES must be record counts separated by commas, such as 20000,200000; got "${value}"`);
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}
