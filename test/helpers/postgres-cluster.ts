// A private PostgreSQL cluster for the tests: initdb into a temp folder, pg_ctl start on a free
// port of 127.0.0.1, its socket in that folder, trust auth, fsync off; stopped and deleted at the end.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

const run = promisify(execFile);

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`, the maintenance database. */
  url: string;
  /** Stops the server (fast, dropping connections) and keeps its files, so `start` can bring it back. */
  halt(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its files. */
  stop(): Promise<void>;
}

/** The folder holding initdb and pg_ctl: on PATH, else the newest /usr/lib/postgresql/<version>/bin. */
export function findPostgresBin(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir !== '' && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(path.join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : path.join(root, versions[0], 'bin');
}

/** The postgres user's uid and gid, for running the server as it when the tests run as root. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** A server certificate and key (PEM files) the cluster serves TLS with; it then accepts TCP clients over TLS only. */
export interface ClusterTls {
  certFile: string;
  keyFile: string;
}

export async function startPostgresCluster(bin: string, tls?: ClusterTls): Promise<PostgresCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'syncd-pg-'));
  const data = path.join(dir, 'data');
  // PostgreSQL refuses to run as root: then it runs as the postgres user, owning the folder.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = await postgresUser();
    await chown(dir, uid, gid);
  }
  const exec = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);
  const port = await freePort();
  const ownedCopy = async (file: string, name: string): Promise<string> => {
    const copy = path.join(dir, name);
    await copyFile(file, copy);
    // The server reads its key only when no one else may.
    await chmod(copy, 0o600);
    if (asRoot) {
      const { uid, gid } = await postgresUser();
      await chown(copy, uid, gid);
    }
    return copy;
  };
  const tlsOptions = tls
    ? `-c ssl=on -c ssl_cert_file=${await ownedCopy(tls.certFile, 'server.crt')} -c ssl_key_file=${await ownedCopy(tls.keyFile, 'server.key')}`
    : '';
  const options = [
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`,
    '-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300',
    tlsOptions,
  ].join(' ');
  const start = async () => {
    await exec('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', 'start']);
  };
  const halt = async () => {
    await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  };
  try {
    await exec('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    if (tls) await writeFile(path.join(data, 'pg_hba.conf'), 'local all all trust\nhostssl all all 127.0.0.1/32 trust\n');
    await start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    halt,
    start,
    async stop() {
      await halt().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on the cluster at `url` (its maintenance database), so no two storages share state; answers its URL. */
export async function createDatabase(url: string): Promise<string> {
  const name = `syncd_${randomBytes(8).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // FILE_COPY copies template1's files instead of writing them all to the WAL: much faster here.
    await client.query(`CREATE DATABASE ${name} STRATEGY FILE_COPY`);
  } finally {
    await client.end();
  }
  const created = new URL(url);
  created.pathname = `/${name}`;
  return created.toString();
}
