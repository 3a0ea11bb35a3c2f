import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberedRecords } from '../helpers/fake-api.js';
import type { Harness } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What a plain Node backend does with the client: no TypeScript, no loader. */
const SCRIPT = `
import { SyncClient } from '@syncd/client';
const [baseUrl, itemsUrl] = process.argv.slice(2);
const client = new SyncClient({ baseUrl, timeoutMs: 20000 });
const created = await client.create({ url: itemsUrl, unique_key: 'id', frequency: '1 hour' });
const paused = await client.pause(created.sync_id);
const resumed = await client.resume(created.sync_id);
const triggered = await client.trigger(created.sync_id);
const jobs = await client.jobs(created.sync_id);
console.log(JSON.stringify({ syncId: created.sync_id, statuses: [created.status, paused.status, resumed.status, triggered.status], jobs: jobs.data.map((job) => job.trigger) }));
`;

/** A TypeScript caller: the declarations must carry the contracts' real types, not `any`. */
const CONSUMER_TS = `
import { SyncClient, SyncApiError, verifyWebhookSignature, type CreateSyncInput, type Job, type Sync } from '@syncd/client';
const input: CreateSyncInput = { url: 'https://api.example.com/items', unique_key: 'id', paging: { type: 'cursor', cursor_param: 'after', next_cursor_path: 'next' } };
// @ts-expect-error: not a paging type the API knows
const wrong: CreateSyncInput = { url: 'https://api.example.com/items', unique_key: 'id', paging: { type: 'bogus' } };
export async function use(client: SyncClient): Promise<string> {
  const sync: Sync = await client.create(input);
  const job: Job | undefined = (await client.jobs(sync.sync_id, { limit: 5 })).data[0];
  const ok: boolean = verifyWebhookSignature({ secret: 's', rawBody: '{}', timestampHeader: '1', signatureHeader: 'v1=00' });
  try {
    await client.records(sync.sync_id, { filter: 'added' });
  } catch (error) {
    if (error instanceof SyncApiError) return error.code + String(error.requestId);
  }
  return \`\${sync.status} \${job?.status ?? 'none'} \${ok} \${String(wrong)}\`;
}
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: [],
  },
  files: ['consumer.ts'],
};

let h: Harness;
let project: string;

async function packAndInstall(): Promise<void> {
  const packed = await mkdtemp(path.join(project, 'packed-'));
  // `npm pack -w sdk` runs the package's prepack, which builds dist/ from src/.
  await run(NPM, ['pack', '-w', 'sdk', '--pack-destination', packed], { cwd: ROOT });
  const [tarball] = (await readdir(packed)).filter((name) => name.endsWith('.tgz'));
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run(NPM, ['install', path.join(packed, tarball!), '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project });
}

beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'syncd-client-'));
  [h] = await Promise.all([startTestHarness(), packAndInstall()]);
  h.fakeApi.records = numberedRecords(3);
});
afterAll(async () => {
  await h?.stop();
  await rm(project, { recursive: true, force: true });
});

/** The bare specifiers a module and the package modules it imports reach, following relative imports. */
async function reachedPackages(file: string, seen = new Set<string>()): Promise<string[]> {
  if (seen.has(file)) return [];
  seen.add(file);
  const source = await readFile(file, 'utf8');
  const specifiers = [...source.matchAll(/^(?:import|export)\s[^;]*?from\s*'([^']+)'/gm)].map((match) => match[1]!);
  const nested = await Promise.all(
    specifiers.filter((s) => s.startsWith('.')).map((s) => reachedPackages(path.resolve(path.dirname(file), s), seen)),
  );
  return [...specifiers.filter((s) => !s.startsWith('.')), ...nested.flat()];
}

describe('the @syncd/client package, installed from its tarball into a fresh project', () => {
  it('brings only itself: no dependency, none of the server', async () => {
    const installed = await readdir(path.join(project, 'node_modules'));
    expect(installed.filter((name) => !name.startsWith('.'))).toEqual(['@syncd']);
    expect(await readdir(path.join(project, 'node_modules', '@syncd'))).toEqual(['client']);
  });

  it('imports nothing but node:crypto at run time', async () => {
    const entry = path.join(project, 'node_modules', '@syncd', 'client', 'dist', 'sdk', 'index.js');
    expect([...new Set(await reachedPackages(entry))]).toEqual(['node:crypto']);
  });

  it('a plain .mjs script creates, pauses, resumes and triggers a sync and lists its jobs', async () => {
    await writeFile(path.join(project, 'manage.mjs'), SCRIPT);
    const { stdout } = await run(process.execPath, ['manage.mjs', h.baseUrl, h.fakeApi.url('/items')], { cwd: project });
    const result = JSON.parse(stdout) as { syncId: number; statuses: string[]; jobs: string[] };
    expect(result.statuses).toEqual(['active', 'paused', 'active', 'active']);
    expect(result.jobs.length).toBeGreaterThan(0);
    expect(result.jobs.every((trigger) => ['create', 'resume', 'manual'].includes(trigger))).toBe(true);
    expect((await h.sdk.get(result.syncId)).status).toBe('active');
  });

  it('a .ts file type-checks against its declarations with tsc', async () => {
    await writeFile(path.join(project, 'consumer.ts'), CONSUMER_TS);
    await writeFile(path.join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const checked = await run(process.execPath, [tsc, '-p', '.'], { cwd: project }).catch((error: { stdout: string }) => error);
    expect(checked.stdout).toBe('');
  });
});
