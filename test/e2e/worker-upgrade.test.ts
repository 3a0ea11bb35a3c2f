// A sync created and driven by the previous release's worker keeps working once today's worker
// takes over: today's code replays the sync's history (recorded by the old code, still running)
// and handles new changes on the one-message path (patched 'one-message-control').
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startWorkerChild, type WorkerChild } from '../../bench/worker-child.js';
import { syncScheduleId, syncWorkflowId } from '../../src/contracts/ids.js';
import { lifecycleQuery } from '../../src/temporal/messages.js';
import { numberedRecords } from '../helpers/fake-api.js';
import type { Harness } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

/** The last commit before each change became one local activity sending one scheduler message. */
const PREVIOUS_RELEASE = '7287148c8fcd19bb697a044ee95f6d4d7fee09c3';
const root = path.resolve(import.meta.dirname, '..', '..');
const silentLogger = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };

let h: Harness;
let previousDir: string;
let previousBundle: string;
const workers: WorkerChild[] = [];

beforeAll(async () => {
  // The previous release's sources, as git has them, sharing today's installed packages.
  try {
    execFileSync('git', ['cat-file', '-e', `${PREVIOUS_RELEASE}^{commit}`], { cwd: root, stdio: 'ignore' });
  } catch {
    throw new Error(
      `commit ${PREVIOUS_RELEASE} is not in this checkout: the worker-upgrade test needs the repository's history (clone without --depth)`,
    );
  }
  previousDir = await mkdtemp(path.join(root, '.previous-release-'));
  const archive = execFileSync(
    'git',
    [
      'archive',
      PREVIOUS_RELEASE,
      'app',
      'workflows',
      'activities',
      'src',
      'worker',
      'test/helpers',
      'package.json',
      'tsconfig.json',
      'temporal.yaml',
    ],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  );
  execFileSync('tar', ['-x', '-C', previousDir], { input: archive });
  await symlink(path.join(root, 'node_modules'), path.join(previousDir, 'node_modules'));
  const bundle = await bundleWorkflowCode({ workflowsPath: path.join(previousDir, 'workflows', 'index.ts'), logger: silentLogger });
  previousBundle = path.join(previousDir, 'workflow-bundle.js');
  await writeFile(previousBundle, bundle.code);
  h = await startTestHarness({ inProcessWorker: false });
  h.fakeApi.records = numberedRecords(2);
}, 180_000);

afterAll(async () => {
  for (const worker of workers) worker.kill();
  await h?.stop();
  if (previousDir) await rm(previousDir, { recursive: true, force: true });
});

async function expectAgreed(syncId: number, status: 'active' | 'paused'): Promise<void> {
  expect((await h.api('GET', `/v1/syncs/${syncId}`)).body.status).toBe(status);
  expect((await h.client.workflow.getHandle(syncWorkflowId(syncId)).query(lifecycleQuery)).status).toBe(status);
  expect((await h.client.schedule.getHandle(syncScheduleId(syncId)).describe()).state.paused).toBe(status === 'paused');
}

/** The activities the entity workflow ran, by name: scheduled ones and local ones (markers). */
async function activitiesRun(syncId: number): Promise<string[]> {
  const history = await h.client.workflow.getHandle(syncWorkflowId(syncId)).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) return [scheduled];
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    const data = marker.details?.data?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type] : [];
  });
}

it("a sync of the previous release is paused, resumed, triggered, rescheduled and cancelled by today's worker", async () => {
  const previous = await startWorkerChild(previousDir, { ...h.workerEnv, WORKFLOW_BUNDLE_PATH: previousBundle }, 'previous release');
  workers.push(previous);
  const { sync_id: syncId } = await h.createSync({ url: h.fakeApi.url('/items'), frequency: '1 hour' });
  await h.waitForNewJob(syncId, 0);
  expect((await h.act('pause', syncId)).status).toBe(200);
  await h.runJob(syncId);
  await expectAgreed(syncId, 'paused');
  await previous.stop();

  const today = await startWorkerChild(root, { ...h.workerEnv, WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath') }, 'today');
  workers.push(today);
  const resumed = await h.act('resume', syncId);
  expect(resumed.status).toBe(200);
  expect(resumed.body).toMatchObject({ status: 'active', next_run_at: expect.any(String) });
  const schedule = await h.client.schedule.getHandle(syncScheduleId(syncId)).describe();
  expect(resumed.body.next_run_at).toBe(schedule.info.nextActionTimes[0]?.toISOString());
  await h.waitForNewJob(syncId, 2);
  const triggers = await Promise.all([h.act('trigger', syncId), h.act('trigger', syncId)]);
  expect(triggers.map((answer) => answer.status)).toEqual([200, 200]);
  expect((await h.api('PATCH', `/v1/syncs/${syncId}`, { frequency: '2 hours' })).status).toBe(200);
  expect((await h.act('pause', syncId)).status).toBe(200);
  await expectAgreed(syncId, 'paused');

  const activities = await activitiesRun(syncId);
  // The old worker's changes, then today's, in one history.
  expect(activities).toContain('pauseSyncSchedule');
  expect(activities).toContain('triggerSyncJob');
  expect(activities).toEqual(expect.arrayContaining(['resumeSync', 'triggerSync', 'rescheduleSync', 'pauseSync']));

  expect((await h.act('cancel', syncId)).body.status).toBe('cancelled');
  expect(await h.client.workflow.getHandle(syncWorkflowId(syncId)).result()).toMatchObject({ status: 'cancelled' });
  await today.stop();
}, 180_000);
