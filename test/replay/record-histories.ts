// `npm run record-histories`: runs the sync lifecycles against a fresh dev server and saves their
// histories, which replay.test.ts replays against today's workflow code to catch non-determinism.
// Existing files are kept: a history recorded by older code is exactly what replay must still
// accept. `--overwrite` re-records them, only on purpose, never to make replay pass.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config/config.js';
import { syncEventDeliveryWorkflowId, syncWorkflowId } from '../../src/contracts/ids.js';
import type { Job } from '../../src/contracts/job.js';
import { resolveTemporalCli } from '../../src/temporal/cli-path.js';
import { webhookDeliveryWorkflowId } from '../../workflows/webhook-delivery-workflow.js';
import { numberedRecords } from '../helpers/fake-api.js';
import { type Harness, startHarness, waitFor } from '../helpers/harness.js';
import { startTemporalTestEnv } from '../helpers/temporal-env.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const historiesDir = path.join(import.meta.dirname, 'histories');
const workflowIdsFile = path.join(import.meta.dirname, 'workflow-ids.json');

const config = loadConfig(root);
const cliPath = resolveTemporalCli(root, config.devServer.cliPath);

/** Saved with the operators' own tool, in the JSON that `historyFromJSON` reads. */
async function save(address: string, workflowId: string, name: string): Promise<void> {
  const file = path.join(historiesDir, `${name}.json`);
  if (existsSync(file) && !process.argv.includes('--overwrite')) {
    console.log(`kept ${name}.json`);
    return;
  }
  const { stdout } = await promisify(execFile)(
    cliPath,
    ['workflow', 'show', '--workflow-id', workflowId, '--address', address, '--namespace', config.temporal.namespace, '--output', 'json'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const history = JSON.parse(stdout) as { events: unknown[] };
  await writeFile(file, `${JSON.stringify(history, null, 1)}\n`);
  // Replay needs the original workflow id wherever the code derives ids from it (child workflows).
  const ids = existsSync(workflowIdsFile) ? (JSON.parse(await readFile(workflowIdsFile, 'utf8')) as Record<string, string>) : {};
  ids[`${name}.json`] = workflowId;
  await writeFile(workflowIdsFile, `${JSON.stringify(ids, null, 2)}\n`);
  console.log(`saved ${name}.json (${history.events.length} events)`);
}

async function jobsOf(h: Harness, syncId: number): Promise<Job[]> {
  return (await h.api('GET', `/v1/syncs/${syncId}/jobs?limit=100`)).body.data;
}

async function create(h: Harness, fields: Record<string, unknown>): Promise<number> {
  const response = await h.api('POST', '/v1/syncs', {
    url: h.fakeApi.url('/offset'),
    unique_key: 'id',
    paging: { type: 'offset', limit: 2 },
    ...fields,
  });
  if (response.status !== 201) throw new Error(`create answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.sync_id;
}

const act = (h: Harness, action: string, syncId: number) => h.api('PUT', '/v1/syncs', { action, sync_id: syncId });
const settled = (count: number) => (jobs: Job[]) => jobs.length >= count && jobs.every((job) => job.status !== 'running');

async function lifecycle(h: Harness, server: { address: string }): Promise<void> {
  const syncId = await create(h, { frequency: '1 hour' });
  const [first] = await waitFor(() => jobsOf(h, syncId), settled(1));
  await act(h, 'trigger', syncId);
  await waitFor(() => jobsOf(h, syncId), settled(2));
  await act(h, 'pause', syncId);
  await act(h, 'pause', syncId);
  await act(h, 'resume', syncId);
  await waitFor(() => jobsOf(h, syncId), settled(3));
  await act(h, 'cancel', syncId);
  await save(server.address, syncWorkflowId(syncId), 'sync-workflow-lifecycle');
  await save(server.address, first!.workflow_id, 'sync-job-succeeded');
}

async function cancelDuringJob(h: Harness, server: { address: string }): Promise<void> {
  const syncId = await create(h, { cron: '0 3 * * *', timezone: 'Europe/Paris', paused: true });
  h.fakeApi.delayMs = 5_000;
  await act(h, 'trigger', syncId);
  const [running] = await waitFor(
    () => jobsOf(h, syncId),
    (jobs) => jobs[0]?.status === 'running',
  );
  await act(h, 'cancel', syncId);
  h.fakeApi.delayMs = 0;
  await save(server.address, syncWorkflowId(syncId), 'sync-workflow-cancel-during-job');
  await save(server.address, running!.workflow_id, 'sync-job-cancelled');
}

async function operatorCancel(h: Harness, server: { address: string }): Promise<void> {
  const syncId = await create(h, { frequency: '15 minutes', paused: true });
  const handle = h.client.workflow.getHandle(syncWorkflowId(syncId));
  await handle.cancel();
  await handle.result().catch(() => undefined);
  await save(server.address, syncWorkflowId(syncId), 'sync-workflow-operator-cancel');
}

async function rescheduleAndResync(h: Harness, server: { address: string }): Promise<void> {
  const syncId = await create(h, { frequency: '1 hour' });
  await waitFor(() => jobsOf(h, syncId), settled(1));
  await h.api('PATCH', `/v1/syncs/${syncId}`, { frequency: '2 hours' });
  await h.api('POST', `/v1/syncs/${syncId}/resync`, { clear_records: true });
  await waitFor(() => jobsOf(h, syncId), settled(2));
  await act(h, 'cancel', syncId);
  await save(server.address, syncWorkflowId(syncId), 'sync-workflow-reschedule-resync');
}

/** PATCHes racing each other: the reschedule handler applies the stored schedule (patched). */
async function racingReschedules(h: Harness, server: { address: string }): Promise<void> {
  const syncId = await create(h, { frequency: '1 hour', paused: true });
  await Promise.all(['2 hours', '3 hours'].map((frequency) => h.api('PATCH', `/v1/syncs/${syncId}`, { frequency })));
  await act(h, 'resume', syncId);
  await waitFor(() => jobsOf(h, syncId), settled(1));
  await act(h, 'cancel', syncId);
  await save(server.address, syncWorkflowId(syncId), 'sync-workflow-racing-reschedules');
}

/** Every change as one local activity (patched 'one-message-control'), triggers sharing the lock. */
async function oneMessageControl(h: Harness, server: { address: string }): Promise<void> {
  const syncId = await create(h, { frequency: '1 hour' });
  await waitFor(() => jobsOf(h, syncId), settled(1));
  await act(h, 'pause', syncId);
  await Promise.all([act(h, 'trigger', syncId), act(h, 'trigger', syncId), act(h, 'trigger', syncId)]);
  await act(h, 'resume', syncId);
  await h.api('PATCH', `/v1/syncs/${syncId}`, { frequency: '2 hours' });
  await h.api('POST', `/v1/syncs/${syncId}/resync`, { clear_records: false });
  await waitFor(
    () => jobsOf(h, syncId),
    (jobs) => jobs.length >= 3 && jobs.every((job) => job.status !== 'running'),
  );
  await act(h, 'cancel', syncId);
  await save(server.address, syncWorkflowId(syncId), 'sync-workflow-one-message-control');
}

/** Runs `body` with the URL of a webhook receiver answering each delivery with `status(call)`. */
async function withWebhookReceiver(status: (call: number) => number, body: (webhookUrl: string) => Promise<void>): Promise<void> {
  let calls = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    calls += 1;
    res.writeHead(status(calls)).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    await body(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`);
  } finally {
    receiver.close();
  }
}

/** Triggers a paused sync and waits until its job's webhook is delivered. */
async function triggerUntilDelivered(h: Harness, syncId: number): Promise<Job> {
  await act(h, 'trigger', syncId);
  const [job] = await waitFor(
    () => jobsOf(h, syncId),
    (jobs) => jobs[0]?.webhook?.status === 'delivered',
    30_000,
  );
  return job!;
}

/** A job that announces itself to a webhook receiver that fails once, then accepts. */
async function jobWithWebhook(h: Harness, server: { address: string }): Promise<void> {
  await withWebhookReceiver(
    (call) => (call === 1 ? 500 : 204),
    async (webhookUrl) => {
      const job = await triggerUntilDelivered(h, await create(h, { paused: true, webhook_url: webhookUrl }));
      await save(server.address, job.workflow_id, 'sync-job-with-webhook');
      await save(server.address, webhookDeliveryWorkflowId(job.workflow_id, job.job_id), 'webhook-delivery-retried');
    },
  );
}

/**
 * A failed job that makes the failure policy pause its sync (patched 'failure-policy'), the
 * sync.auto_paused delivery it starts, and lifecycle updates carrying their origin.
 */
async function autoPause(h: Harness, server: { address: string }): Promise<void> {
  await withWebhookReceiver(
    () => 204,
    async (webhookUrl) => {
      const syncId = await create(h, { url: h.fakeApi.url('/status/404'), failure_policy: { pause_after: 1 }, webhook_url: webhookUrl });
      await waitFor(
        () => h.api('GET', `/v1/syncs/${syncId}`),
        (response) => response.body.status === 'paused',
        30_000,
      );
      const [job] = await jobsOf(h, syncId);
      const delivery = h.client.workflow.getHandle(syncEventDeliveryWorkflowId(syncId, 'sync.auto_paused', job!.job_id));
      await delivery.result();
      await h.api('PATCH', `/v1/syncs/${syncId}`, { url: h.fakeApi.url('/offset') });
      await act(h, 'resume', syncId);
      await waitFor(() => jobsOf(h, syncId), settled(2));
      await act(h, 'pause', syncId);
      await act(h, 'cancel', syncId);
      await save(server.address, job!.workflow_id, 'sync-job-failed-auto-paused');
      await save(server.address, delivery.workflowId, 'sync-event-delivery');
      await save(server.address, syncWorkflowId(syncId), 'sync-workflow-auto-paused');
    },
  );
}

/** A job whose API answers 404: the job fails (recorded first while its error was still a string). */
async function failedJob(h: Harness, server: { address: string }): Promise<void> {
  const syncId = await create(h, { paused: true, url: h.fakeApi.url('/status/404'), paging: { type: 'none' } });
  await act(h, 'trigger', syncId);
  const [job] = await waitFor(() => jobsOf(h, syncId), settled(1));
  if (job?.status !== 'failed') throw new Error(`expected a failed job, got ${JSON.stringify(job)}`);
  await save(server.address, job.workflow_id, 'sync-job-failed');
}

/**
 * Jobs whose bookkeeping runs as local activities (patched 'local-job-bookkeeping'): one that
 * succeeds and announces itself to a webhook, one that fails and makes the policy pause its sync.
 */
async function localJobBookkeeping(h: Harness, server: { address: string }): Promise<void> {
  await withWebhookReceiver(
    () => 204,
    async (webhookUrl) => {
      const job = await triggerUntilDelivered(h, await create(h, { paused: true, webhook_url: webhookUrl }));
      const failing = await create(h, { paused: true, url: h.fakeApi.url('/status/404'), failure_policy: { pause_after: 1 } });
      await act(h, 'trigger', failing);
      const [failed] = await waitFor(() => jobsOf(h, failing), settled(1));
      if (failed?.status !== 'failed') throw new Error(`expected a failed job, got ${JSON.stringify(failed)}`);
      await save(server.address, job.workflow_id, 'sync-job-local-bookkeeping');
      await save(server.address, failed.workflow_id, 'sync-job-failed-local-bookkeeping');
    },
  );
}

const env = await startTemporalTestEnv();
const server = { address: env.address };
try {
  const h = await startHarness({ address: env.address, workflowBundlePath: env.workflowBundlePath });
  h.fakeApi.records = numberedRecords(5);
  try {
    await lifecycle(h, server);
    await cancelDuringJob(h, server);
    await operatorCancel(h, server);
    await rescheduleAndResync(h, server);
    await racingReschedules(h, server);
    await jobWithWebhook(h, server);
    await oneMessageControl(h, server);
    await autoPause(h, server);
    await failedJob(h, server);
    await localJobBookkeeping(h, server);
  } finally {
    await h.stop();
  }
} finally {
  await env.stop();
}
