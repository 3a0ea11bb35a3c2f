import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';

const PAGES = 30;
const RECORDS = 3 * PAGES * 1000;
/** What a record's upsert may leave in V8's old generation; `{ ...row, job_change }` left about 85 bytes. */
const MAX_PROMOTED_BYTES_PER_RECORD = 10;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'syncd-promotion-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Sums what V8's scavenges promoted while test/helpers/upsert-promotion.ts stored its pages. */
function promotedWhileStoring(trace: string): { scavenges: number; promotedBytes: number } {
  let measuring = false;
  let scavenges = 0;
  let promotedBytes = 0;
  for (const line of trace.split('\n')) {
    if (line === 'measure start' || line === 'measure end') measuring = line === 'measure start';
    else if (measuring && / gc=s /.test(line)) {
      const promoted = / promoted=(\d+) /.exec(line);
      if (!promoted) throw new Error(`a scavenge line without promoted=: ${line}`);
      scavenges += 1;
      promotedBytes += Number(promoted[1]);
    }
  }
  return { scavenges, promotedBytes };
}

// A job's worker stays flat in memory only while each page's garbage dies young: what survives a
// scavenge piles up in the old generation until a full collection, which V8 may put off until the
// heap is several times its live size. This is how the ingest bench's memory figure regressed.
it('storing pages of records promotes almost none of their per-record objects into the old generation', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', '--trace-gc-nvp', 'test/helpers/upsert-promotion.ts'],
    { env: { ...process.env, PROMOTION_DB_PATH: path.join(dir, 'syncd.db'), PROMOTION_PAGES: String(PAGES) }, maxBuffer: 64 * 1024 * 1024 },
  );
  const { scavenges, promotedBytes } = promotedWhileStoring(stdout);
  // Without scavenges while storing, nothing could have been promoted and the check would be empty.
  expect(scavenges).toBeGreaterThan(3);
  expect(promotedBytes / RECORDS).toBeLessThan(MAX_PROMOTED_BYTES_PER_RECORD);
}, 60_000);
