import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess, cliProcess } from '../helpers/cli.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { freePort } from '../helpers/free-port.js';
import { type Harness, type RunningApi, waitFor } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

const WRITE_KEY = 'cli-write-key-0123456789abcdef0123456789';
const READ_KEY = 'cli-read-key-0123456789abcdef01234567890';

let h: Harness;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  h = await startTestHarness();
  h.fakeApi.reset(numberedRecords(3));
  dir = await mkdtemp(path.join(tmpdir(), 'syncd-cli-'));
  env = { SYNCD_URL: h.baseUrl };
});
afterAll(async () => {
  await h.stop();
  await rm(dir, { recursive: true, force: true });
});

const cli = (...argv: string[]) => cliInProcess(argv, { env });

async function file(name: string, text: string): Promise<string> {
  const at = path.join(dir, name);
  await writeFile(at, text);
  return at;
}

/** A paused sync of the fake API's three records, made through the API, not the CLI under test. */
const pausedSync = (fields: Record<string, unknown> = {}) =>
  h.createSync({ url: h.fakeApi.url('/items'), paused: true, frequency: '1 hour', ...fields });

/**
 * An external API whose second page waits until the test lets it answer: a job stays running with
 * its first page committed for as long as the test needs to see that in the progress line.
 */
async function gatedApi(): Promise<{ url: string; release(): void; server: Server }> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const server = createServer((request, response) => {
    const page = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('page') ?? '1');
    const answer = (results: unknown[]) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
    if (page === 1) answer(numberedRecords(3));
    else void released.then(() => answer([]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/items`, release, server };
}

describe('the syncd bin', () => {
  it('--help lists every command and the exit codes', async () => {
    const help = await cliProcess(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['list', 'get', 'jobs', 'records', 'create', 'edit', 'pause', 'resume', 'trigger', 'cancel', 'resync']) {
      expect(help.stdout).toContain(`syncd ${command}`);
    }
    expect(help.stdout).toMatch(/3 {2}not found \(404\)/);
    expect(help.stdout).toMatch(/5 {2}unavailable/);
  });

  it('creates a sync from a YAML file and prints the JSON the API answered', async () => {
    const yaml = await file(
      'sync.yaml',
      `url: ${h.fakeApi.url('/items')}\nunique_key: id\nfriendly_name: from yaml\nfrequency: 1 hour\npaused: true\n`,
    );
    const created = await cliProcess(['create', '-f', yaml, '--json'], env);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const sync = JSON.parse(created.stdout);
    expect(sync).toMatchObject({ friendly_name: 'from yaml', status: 'paused', frequency: '1 hour' });
    expect((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).body.friendly_name).toBe('from yaml');
  });

  it('exits 5 when nothing answers at the URL, and 2 for cancel without --yes when stdin is not a terminal', async () => {
    const closed = await cliProcess(['list'], { SYNCD_URL: `http://127.0.0.1:${await freePort()}` });
    expect(closed.code).toBe(5);
    expect(closed.stderr).toContain('no answer from the syncd API');

    const { sync_id } = await pausedSync();
    const refused = await cliProcess(['cancel', String(sync_id)], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect((await h.sdk.get(sync_id)).status).toBe('paused');
  });
});

describe('syncd commands against the running API', () => {
  it('list and get show syncs as text and as the API JSON', async () => {
    const sync = await pausedSync({ friendly_name: 'listed by cli' });
    const listed = await cli('list', '--status', 'paused', '--limit', '100');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+STATUS/);
    expect(listed.stdout).toMatch(new RegExp(`^${sync.sync_id}\\s+listed by cli\\s+paused\\s+healthy\\s+every 1 hour`, 'm'));
    const active = await cli('list', '--status', 'active', '--json', '--limit', '100');
    expect(JSON.parse(active.stdout).data.map((item: { sync_id: number }) => item.sync_id)).not.toContain(sync.sync_id);

    const shown = await cli('get', String(sync.sync_id));
    expect(shown.stdout).toMatch(/^name:\s+listed by cli$/m);
    expect(shown.stdout).toMatch(/^status:\s+paused$/m);
    const json = await cli('get', String(sync.sync_id), '--json');
    expect(JSON.parse(json.stdout)).toEqual((await h.api('GET', `/v1/syncs/${sync.sync_id}`)).body);
  });

  it('trigger --wait prints the records fetched while the job runs, then its counts', async () => {
    const gated = await gatedApi();
    try {
      const { sync_id } = await pausedSync({ url: gated.url, paging: { type: 'page' }, response_path: 'results' });
      let progress = '';
      const run = cliInProcess(['trigger', String(sync_id), '--wait'], {
        env,
        onStderr: (stderr) => {
          progress = stderr;
        },
      });
      // The second page answers only once the CLI has shown the first one's records while the job runs.
      await waitFor(
        async () => progress,
        (text) => /job \d+ running: 3 records fetched, 1 page/.test(text),
      );
      gated.release();
      const { code, stdout, stderr } = await run;
      expect(code).toBe(0);
      // Not on a terminal, a progress line is written again only when it changes.
      expect(stderr.match(/3 records fetched/g)).toHaveLength(1);
      expect(stdout).toMatch(
        /job \d+ succeeded \(manual, full\) in .*: created 3, updated 0, unchanged 0, deleted 0 \(3 fetched, 2 pages\)/,
      );
    } finally {
      gated.release();
      gated.server.close();
    }
  });

  it('trigger --wait during a running job waits for it, then follows the job the trigger queued', async () => {
    const gated = await gatedApi();
    try {
      const { sync_id } = await pausedSync({ url: gated.url, paging: { type: 'page' }, response_path: 'results' });
      await h.sdk.trigger(sync_id);
      const [running] = await waitFor(
        () => h.jobsOf(sync_id),
        (jobs) => jobs[0]?.records.fetched === 3,
      );
      let progress = '';
      const run = cliInProcess(['trigger', String(sync_id), '--wait', '--json'], {
        env,
        onStderr: (stderr) => {
          progress = stderr;
        },
      });
      await waitFor(
        async () => progress,
        (text) => text.includes(`waiting for job ${running!.job_id} to end before the triggered one starts`),
      );
      gated.release();
      const { code, stdout } = await run;
      expect(code).toBe(0);
      const job = JSON.parse(stdout);
      expect(job.job_id).toBeGreaterThan(running!.job_id);
      expect(job).toMatchObject({ status: 'succeeded', trigger: 'manual', records: { created: 0, unchanged: 3 } });
    } finally {
      gated.release();
      gated.server.close();
    }
  });

  it('trigger --wait exits 7 when the job fails, with the error', async () => {
    const { sync_id } = await pausedSync({ url: h.fakeApi.url('/status/404') });
    const failed = await cli('trigger', String(sync_id), '--wait');
    expect(failed.code).toBe(7);
    expect(failed.stdout).toMatch(/job \d+ failed/);
    expect(failed.stdout).toContain('error: ');
  });

  it("shows a failing sync's health, filters its jobs, lists failed jobs across syncs and its events", async () => {
    const { sync_id } = await pausedSync({ url: h.fakeApi.url('/status/404'), friendly_name: 'failing by cli' });
    const id = String(sync_id);
    expect((await cli('trigger', id, '--wait')).code).toBe(7);
    expect((await cli('get', id)).stdout).toMatch(/^health:\s+failing: 1 failed job in a row: config http_404: /m);

    const failedJobs = await cli('jobs', id, '--status', 'failed', '--since', '1h');
    expect(failedJobs.stdout).toMatch(/^\d+\s+failed\s+manual\s+full/m);
    expect((await cli('jobs', id, '--status', 'succeeded')).stdout).toBe('no jobs\n');
    const across = JSON.parse((await cli('all-jobs', '--status', 'failed', '--since', '1h', '--limit', '100', '--json')).stdout);
    expect(across.data.map((job: { sync_id: number }) => job.sync_id)).toContain(sync_id);
    expect((await cli('all-jobs', '--status', 'failed', '--limit', '100')).stdout).toMatch(
      new RegExp(`^${sync_id}\\s+\\d+\\s+failed`, 'm'),
    );
    expect((await cli('jobs', id, '--since', 'yesterday')).code).toBe(2);
    expect((await cli('jobs', id, '--since', '1h', '--started-after', '2026-01-01T00:00:00Z')).code).toBe(2);
    expect((await cli('jobs', id, '--started-before', 'not a time')).code).toBe(2);

    const events = await cli('events', id);
    expect(events.stdout).toMatch(/^EVENT\s+AT\s+ACTION\s+ACTOR/);
    expect(events.stdout).toMatch(/^\d+\s+\S+ \S+\s+trigger\s+anonymous/m);
    expect(JSON.parse((await cli('events', id, '--json')).stdout).data.map((event: { action: string }) => event.action)).toEqual([
      'trigger',
      'create',
    ]);
  });

  it('preview -f shows the records a definition would store, or the error with its class (exit 7); nothing is created', async () => {
    const before = (await h.sdk.list({ limit: 100 })).data.length;
    const good = await file('preview.yaml', `url: ${h.fakeApi.url('/items')}\nunique_key: id\nfrequency: 1 hour\n`);
    const shown = await cli('preview', '-f', good);
    expect(shown).toMatchObject({ code: 0 });
    expect(shown.stdout).toMatch(/^1\s+200\s+\d+ ms\s+3\s+GET /m);
    expect(shown.stdout).toMatch(/^KEY\s+DATA$/m);
    expect(shown.stdout).toMatch(/^1\s+\{"id":1/m);
    const json = JSON.parse((await cli('preview', '-f', good, '--json')).stdout);
    expect(json.records.map((record: { key: string }) => record.key)).toEqual(['1', '2', '3']);

    const failing = await file(
      'preview-404.json',
      JSON.stringify({ url: h.fakeApi.url('/status/404'), unique_key: 'id', frequency: '1 hour' }),
    );
    const failed = await cli('preview', '-f', failing);
    expect(failed.code).toBe(7);
    expect(failed.stdout).toMatch(/^failed \(config, http_404, HTTP 404\): /m);
    expect((await cli('preview', '-f', good, '--pages', '4')).code).toBe(2);
    expect((await cli('preview', '-f', await file('bad-preview.json', JSON.stringify({ url: 'nope', unique_key: 'id' })))).code).toBe(2);
    expect((await h.sdk.list({ limit: 100 })).data.length).toBe(before);
  });

  it('pause, resume, edit, jobs, records and resync', async () => {
    const { sync_id } = await pausedSync();
    const id = String(sync_id);
    expect((await cli('resume', id)).stdout).toContain(`sync ${sync_id} resumed: status active`);
    await waitFor(
      () => h.jobsOf(sync_id),
      (jobs) => jobs[0]?.status === 'succeeded',
    );
    expect((await cli('pause', id)).stdout).toContain(`sync ${sync_id} paused: status paused`);

    const edited = await cli('edit', id, '--set', 'frequency=30 minutes', '--set', 'max_total=100');
    expect(edited.code).toBe(0);
    expect(edited.stdout).toMatch(/^schedule:\s+every 30 minutes$/m);
    expect((await h.sdk.get(sync_id)).max_total).toBe(100);
    const patch = await file('patch.json', JSON.stringify({ friendly_name: 'patched by file' }));
    expect(JSON.parse((await cli('edit', id, '-f', patch, '--json')).stdout).friendly_name).toBe('patched by file');

    const jobs = await cli('jobs', id);
    expect(jobs.stdout).toMatch(/^\d+\s+succeeded\s+resume\s+full/m);
    const records = JSON.parse((await cli('records', id, '--json')).stdout);
    expect(records.data.map((record: { key: string }) => record.key)).toEqual(['1', '2', '3']);
    expect((await cli('records', id)).stdout).toMatch(/^1\s+\S+ \S+\s+-\s+\{"id":1/m);

    const resync = await cli('resync', id, '--clear-records');
    expect(resync).toMatchObject({ code: 0 });
    expect(resync.stdout).toContain('resync started');
  });

  it('state get, set and clear show and change the incremental cursor; a number stays a number', async () => {
    const { sync_id } = await pausedSync({ incremental: { cursor_path: 'id', param: 'since' } });
    const id = String(sync_id);
    expect((await cli('state', 'get', id)).stdout).toMatch(/^cursor:\s+- \(the next job is full\)$/m);

    const set = await cli('state', 'set', id, '1700000000');
    expect(set).toMatchObject({ code: 0 });
    expect(set.stdout).toMatch(/^set by:\s+api$/m);
    expect((await h.sdk.getState(sync_id)).cursor).toBe(1700000000);
    expect(JSON.parse((await cli('state', 'set', id, '"42"', '--json')).stdout).cursor).toBe('42');
    await cli('state', 'set', id, '2026-11-29T00:00:00Z');
    expect(JSON.parse((await cli('state', 'get', id, '--json')).stdout)).toMatchObject({ cursor: '2026-11-29T00:00:00Z', source: 'api' });

    expect((await cli('state', 'clear', id)).stdout).toContain(`cursor of sync ${sync_id} cleared`);
    expect((await h.sdk.getState(sync_id)).cursor).toBeNull();
    expect((await cli('state')).code).toBe(2);
    expect((await cli('state', 'get', '987654321012')).code).toBe(3);
  });

  it('bulk acts on syncs by ids or by a metadata filter, one line per sync; exit 4 when any failed', async () => {
    const tag = `cli-bulk-${Date.now()}-${Math.random()}`;
    const first = await pausedSync({ metadata: { tag } });
    const second = await pausedSync({ metadata: { tag } });
    const resumed = await cli('bulk', 'resume', '--status', 'paused', '--metadata', `tag=${tag}`);
    expect(resumed).toMatchObject({ code: 0 });
    expect(resumed.stdout).toMatch(new RegExp(`^${first.sync_id}\\s+active$`, 'm'));
    expect(resumed.stdout).toMatch(new RegExp(`^${second.sync_id}\\s+active$`, 'm'));

    const paused = await cli('bulk', 'pause', '--ids', `${first.sync_id},987654321012`, '--json');
    expect(paused.code).toBe(4);
    expect(JSON.parse(paused.stdout).results).toEqual([
      { sync_id: first.sync_id, status: 'paused' },
      { sync_id: 987654321012, status: null, error: { code: 'not_found', message: expect.any(String) } },
    ]);
    expect((await cli('bulk', 'cancel', '--ids', String(second.sync_id))).code).toBe(2);
    expect((await h.sdk.get(second.sync_id)).status).toBe('active');
    expect((await cli('bulk', 'cancel', '--ids', String(second.sync_id), '--yes')).stdout).toMatch(/\scancelled$/m);
    expect((await cli('bulk', 'frobnicate', '--ids', '1')).code).toBe(2);
    expect((await cli('bulk', 'pause')).code).toBe(2);
    expect((await cli('bulk', 'pause', '--ids', '1', '--status', 'active')).code).toBe(2);
  });

  it('cancel asks on a terminal, and --yes cancels without asking; then resume and trigger exit 4 (409)', async () => {
    const { sync_id } = await pausedSync({ friendly_name: 'to cancel' });
    const asked: string[] = [];
    const declined = await cliInProcess(['cancel', String(sync_id)], { env, answers: ['n'], asked });
    expect(declined.code).toBe(1);
    expect(asked[0]).toContain('to cancel');
    expect((await h.sdk.get(sync_id)).status).toBe('paused');

    const confirmed = await cliInProcess(['cancel', String(sync_id)], { env, answers: ['y'] });
    expect(confirmed.stdout).toContain('status cancelled');

    const { sync_id: other } = await pausedSync();
    expect((await cli('cancel', String(other), '--yes')).stdout).toContain('status cancelled');
    for (const action of ['resume', 'trigger']) {
      const conflict = await cli(action, String(other));
      expect(conflict.code).toBe(4);
      expect(conflict.stderr).toContain('HTTP 409 sync_cancelled');
    }
  });

  it('exits 3 for an unknown sync and 2 for bad arguments or a definition the API refuses, naming the field', async () => {
    const missing = await cli('get', '987654321012');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('sync 987654321012 does not exist');

    const invalid = await cli('create', '-f', await file('bad.json', JSON.stringify({ url: 'not a url', unique_key: 'id' })));
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^ {2}url: /m);
    expect((await cli('create', '-f', await file('broken.json', '{"url":'))).code).toBe(2);
    expect((await cli('get', 'abc')).code).toBe(2);
    expect((await cli('list', '--status', 'sleeping')).code).toBe(2);
    expect((await cli('list', '--no-such-flag')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('edit', '1')).code).toBe(2);
    expect((await cli('edit', '1', '--set', 'no-equals-sign')).code).toBe(2);
    expect((await cli('create', '-f', path.join(dir, 'absent.yaml'))).stderr).toContain('cannot read');
    expect((await cli('create', '-f', await file('list.yaml', '- url: x\n'))).code).toBe(2);
    expect((await cli('jobs', '1', '--limit', 'many')).code).toBe(2);
    expect((await cliInProcess(['list'], { env: { SYNCD_URL: 'ftp://example.com' } })).code).toBe(2);
    expect((await cli()).code).toBe(2);
    const help = await cli('help', 'trigger');
    expect(help).toMatchObject({ code: 0 });
    expect(help.stdout).toContain('Usage: syncd trigger <id> [options]');
  });

  it('exits 6 for a wrong API key (401) and for a read-only key that changes something (403)', async () => {
    const guarded: RunningApi = await h.startApi({ SYNCD_API_KEYS: WRITE_KEY, SYNCD_READ_API_KEYS: READ_KEY });
    try {
      const { sync_id } = await pausedSync();
      const at = { SYNCD_URL: guarded.baseUrl };
      const wrong = await cliInProcess(['get', String(sync_id)], { env: { ...at, SYNCD_API_KEY: 'wrong-key' } });
      expect(wrong.code).toBe(6);
      expect(wrong.stderr).toContain('SYNCD_API_KEY');
      expect((await cliInProcess(['get', String(sync_id), '--api-key', READ_KEY], { env: at })).code).toBe(0);
      expect((await cliInProcess(['pause', String(sync_id), '--api-key', READ_KEY], { env: at })).code).toBe(6);
      expect((await cliInProcess(['pause', String(sync_id)], { env: { ...at, SYNCD_API_KEY: WRITE_KEY } })).code).toBe(0);
    } finally {
      await guarded.stop();
    }
  });
});
