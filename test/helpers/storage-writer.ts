// Writes records through SqliteStorage as fast as it can, for tests of several processes sharing one
// database file. Configured by environment: SYNCD_DB_PATH, SYNCD_SECRET_KEY (hex), WRITER_SYNC_ID,
// WRITER_ROUNDS. Exits 0 when every write succeeded; prints the first error and exits 1 otherwise.
import { SecretBox } from '../../src/storage/secret-box.js';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const storage = new SqliteStorage({
  file: required('SYNCD_DB_PATH'),
  secretBox: new SecretBox(Buffer.from(required('SYNCD_SECRET_KEY'), 'hex')),
});
const syncId = Number(required('WRITER_SYNC_ID'));
const rounds = Number(required('WRITER_ROUNDS'));
try {
  for (let round = 0; round < rounds; round += 1) {
    const job = await storage.startJob({ syncId, workflowId: `writer-${syncId}`, runId: `writer-${syncId}-${round}` });
    if (job === null) throw new Error(`sync ${syncId} does not exist`);
    for (let batch = 0; batch < 10; batch += 1) {
      const records = Array.from({ length: 50 }, (_, index) => ({
        key: `${batch}-${index}`,
        json: JSON.stringify({ round, batch, index }),
      }));
      await storage.upsertRecords(syncId, job.job_id, records);
    }
    await storage.finishJob(job.job_id, { status: 'succeeded', error: null });
  }
} catch (error) {
  console.error(error instanceof Error ? `${(error as { code?: string }).code ?? ''} ${error.message}` : String(error));
  process.exitCode = 1;
} finally {
  await storage.close();
}
