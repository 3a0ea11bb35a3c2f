// Which engine the ingest bench runs on. BENCH_INGEST_ENGINE=postgres runs on PostgreSQL: the
// server at DATABASE_URL when set, otherwise a private PostgreSQL cluster this bench starts (the
// tests' helper) with a fresh database in it. BENCH_INGEST_ENGINE=sqlite runs on SQLite. Unset, the
// engine follows DATABASE_URL as syncd itself does.
import { createDatabase, findPostgresBin, startPostgresCluster } from '../test/helpers/postgres-cluster.js';

export interface BenchDatabase {
  /** The PostgreSQL URL the harness and workers get; undefined runs on SQLite. */
  url: string | undefined;
  stop(): Promise<void>;
}

const ENGINES = ['sqlite', 'postgres'] as const;

export async function benchDatabase(engine: string | undefined, databaseUrl: string | undefined): Promise<BenchDatabase> {
  const none = async () => undefined;
  if (engine !== undefined && engine !== '' && !ENGINES.includes(engine as (typeof ENGINES)[number])) {
    throw new Error(`BENCH_INGEST_ENGINE must be one of ${ENGINES.join(', ')}; got "${engine}"`);
  }
  const chosen = engine === undefined || engine === '' ? (databaseUrl === undefined ? 'sqlite' : 'postgres') : engine;
  if (chosen === 'sqlite') return { url: undefined, stop: none };
  if (databaseUrl !== undefined) return { url: databaseUrl, stop: none };
  const bin = findPostgresBin();
  if (bin === undefined)
    throw new Error('BENCH_INGEST_ENGINE=postgres without DATABASE_URL needs initdb and pg_ctl (Debian: apt-get install postgresql)');
  const cluster = await startPostgresCluster(bin);
  try {
    return { url: await createDatabase(cluster.url), stop: () => cluster.stop() };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
