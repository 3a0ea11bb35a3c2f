import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, type WatchedPage, watchedPage } from '../helpers/browser.js';
import { numberedRecords } from '../helpers/fake-api.js';
import type { Harness } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

// The dashboard driven in headless Chromium against a whole syncd (API, worker, Temporal) and the fake external API.

let h: Harness;
let browser: Browser;
let current: WatchedPage | undefined;

beforeAll(async () => {
  // The browser first: without one the file fails at once, before starting a whole syncd.
  browser = await launchChromium();
  h = await startTestHarness();
});
afterEach(async () => {
  await current?.context.close();
  current = undefined;
});
afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

/** Waits for the dashboard to show what the test expects; the page refreshes by itself. */
const WAIT = { timeout: 30_000, interval: 100 };

/** A new page of the dashboard at `hash` (#new, #sync-N), served by the API at `baseUrl`, its errors recorded. */
async function open(hash = '', baseUrl = h.baseUrl): Promise<Page> {
  current = await watchedPage(browser, baseUrl);
  await current.page.goto(`${baseUrl}/${hash}`);
  return current.page;
}

/** No console error, uncaught exception or CSP violation on the page, beyond those `expected` (a refused form's 400). */
function expectNoPageErrors(expected: RegExp[] = []): void {
  const errors = current?.errors ?? [];
  expect(errors.filter((error) => !expected.some((pattern) => pattern.test(error)))).toEqual([]);
}

const text = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();

/** The jobs table's cells by column title, newest job first. */
async function jobsTable(page: Page): Promise<Record<string, string>[]> {
  const headers = (await page.locator('table.jobs thead th').allTextContents()).map((header) => header.trim());
  const rows = await page.locator('#jobs-body tr').all();
  return Promise.all(
    rows.map(async (row) => {
      const cells = (await row.locator(':scope > td').allTextContents()).map((cell) => cell.trim());
      return Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? '']));
    }),
  );
}

const syncIdOf = (page: Page) => Number(/^#sync-(\d+)$/.exec(new URL(page.url()).hash)?.[1]);

const uniqueName = (what: string) => `${what} ${randomUUID().slice(0, 8)}`;

/** A sync of `path` on the fake API, created through the API, with its first job ended unless created paused. */
async function syncOf(path: string, fields: Record<string, unknown> = {}) {
  const sync = await h.createSync({ url: h.fakeApi.url(path), frequency: '1 hour', friendly_name: uniqueName('browser'), ...fields });
  if (!fields.paused) await h.waitForNewJob(sync.sync_id, 0);
  return sync;
}

/** Clicks one of the detail panel's action buttons (pause, resume, trigger, cancel). */
const clickAction = (page: Page, action: string) => page.locator('#detail-actions button', { hasText: new RegExp(`^${action}$`) }).click();

const apiStatus = async (syncId: number) => (await h.api('GET', `/v1/syncs/${syncId}`)).body.status;

describe('the dashboard in a browser', () => {
  it('creates a sync through the form, shows its first job with counts, then its records', async () => {
    h.fakeApi.reset(numberedRecords(5));
    const page = await open('#new');
    const name = uniqueName('contacts');
    await page.locator('#create-form [name=url]').fill(h.fakeApi.url('/items'));
    await page.locator('#create-form [name=unique_key]').fill('id');
    await page.locator('#create-form [name=friendly_name]').fill(name);
    await page.locator('#create-form [name=frequency]').fill('1 hour');
    await page.locator('#form-submit').click();

    await expect.poll(() => text(page, '#detail-title'), WAIT).toContain(name);
    expect(await text(page, '#notice-text')).toContain(`Created sync "${name}"`);
    expect(await page.locator('#create').isHidden()).toBe(true);
    const syncId = syncIdOf(page);
    expect((await h.api('GET', `/v1/syncs/${syncId}`)).body).toMatchObject({ friendly_name: name, url: h.fakeApi.url('/items') });

    await expect.poll(async () => (await jobsTable(page))[0]?.Status, WAIT).toBe('succeeded');
    const [job] = await h.jobsOf(syncId);
    expect(await jobsTable(page)).toEqual([
      expect.objectContaining({
        Job: String(job!.job_id),
        Trigger: 'create',
        Mode: 'full',
        Pages: String(job!.pages),
        Fetched: '5',
        New: '5',
        Updated: '0',
        Unchanged: '0',
        Deleted: '0',
      }),
    ]);
    // The list's row shows the same job's counts.
    const listRow = page.locator('#syncs-body tr', { hasText: name });
    await expect.poll(async () => (await listRow.textContent()) ?? '', WAIT).toContain('5 fetched: 5 new');

    await expect.poll(() => page.locator('#records-body tr').count(), WAIT).toBe(5);
    expect((await page.locator('#records-body td.key').allTextContents()).sort()).toEqual(['1', '2', '3', '4', '5']);
    await page.locator('#records-filter').selectOption('deleted');
    await expect.poll(() => text(page, '#records-empty'), WAIT).toBe('No records match.');
    expect(await page.locator('#records-body').locator('..').locator('..').isHidden()).toBe(true);
    await page.locator('#records-filter').selectOption('');
    await expect.poll(() => page.locator('#records-body tr').count(), WAIT).toBe(5);

    // Closed, the sync's jobs and records open again from its name in the list.
    await page.locator('#detail-close').click();
    expect(await page.locator('#detail').isHidden()).toBe(true);
    await listRow.getByRole('button', { name }).click();
    await expect.poll(() => text(page, '#detail-title'), WAIT).toContain(name);
    await expect.poll(async () => (await jobsTable(page)).map((row) => [row.Job, row.New]), WAIT).toEqual([[String(job!.job_id), '5']]);
    await expect.poll(() => page.locator('#records-body tr').count(), WAIT).toBe(5);

    await screenshot(page.locator('section[aria-labelledby=syncs-title]'), 'dashboard-list');
    await screenshot(page.locator('#detail'), 'dashboard-detail');
    await screenshot(page.locator('.table-wrap:has(#jobs-body)'), 'dashboard-jobs');
    await screenshot(page.locator('.table-wrap:has(#records-body)'), 'dashboard-records');
    expectNoPageErrors();
  });

  it('pauses, resumes, triggers and, once confirmed, cancels a sync from its buttons', async () => {
    h.fakeApi.reset(numberedRecords(3));
    const sync = await syncOf('/items');
    const page = await open(`#sync-${sync.sync_id}`);
    const actions: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') actions.push(JSON.parse(request.postData() ?? '{}').action);
    });
    await expect.poll(() => text(page, '#detail-title'), WAIT).toContain(sync.friendly_name!);

    await clickAction(page, 'pause');
    await expect.poll(() => text(page, '#detail-title .badge'), WAIT).toBe('paused');
    expect(await apiStatus(sync.sync_id)).toBe('paused');
    expect(await text(page, '#notice-text')).toContain('pause done');
    // Who paused it, in the facts and at the top of the events.
    await expect.poll(() => text(page, '#detail-facts'), WAIT).toContain('by user');
    await expect.poll(() => text(page, '#events-body tr:first-child'), WAIT).toContain('pause');
    expect(await text(page, '#detail-facts')).toContain('healthy');

    await clickAction(page, 'resume');
    await expect.poll(() => text(page, '#detail-title .badge'), WAIT).toBe('active');
    expect(await apiStatus(sync.sync_id)).toBe('active');
    // Resuming starts a job at once; the trigger's job comes after it.
    const resumed = await h.waitForNewJob(sync.sync_id, 1);
    expect(resumed.trigger).toBe('resume');

    await clickAction(page, 'trigger');
    const triggered = await h.waitForNewJob(sync.sync_id, 2);
    expect(triggered).toMatchObject({ trigger: 'manual', status: 'succeeded' });
    await expect
      .poll(async () => (await jobsTable(page)).map((job) => [job.Job, job.Trigger, job.Status]), WAIT)
      .toEqual([
        [String(triggered.job_id), 'manual', 'succeeded'],
        [String(resumed.job_id), 'resume', 'succeeded'],
        [expect.any(String), 'create', 'succeeded'],
      ]);

    // Cancelling is permanent: the dashboard asks first, and a "no" sends nothing.
    const questions: string[] = [];
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await clickAction(page, 'cancel');
    await expect.poll(() => questions.length, WAIT).toBe(1);
    expect(questions[0]).toMatch(/^Cancel sync .*permanent/);
    expect(actions).toEqual(['pause', 'resume', 'trigger']);
    expect(await apiStatus(sync.sync_id)).toBe('active');

    page.once('dialog', (dialog) => void dialog.accept());
    await clickAction(page, 'cancel');
    await expect.poll(() => text(page, '#detail-title .badge'), WAIT).toBe('cancelled');
    expect(actions).toEqual(['pause', 'resume', 'trigger', 'cancel']);
    expect(await apiStatus(sync.sync_id)).toBe('cancelled');
    // A cancelled sync offers no action any more.
    expect(await page.locator('#detail-actions button').count()).toBe(0);
    expect(await page.locator('#edit-open').isHidden()).toBe(true);
    expectNoPageErrors();
  });

  it('resyncs from its button, and, once confirmed, with the records cleared first', async () => {
    h.fakeApi.reset(numberedRecords(3));
    const sync = await syncOf('/items');
    const page = await open(`#sync-${sync.sync_id}`);
    const sent: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/resync')) sent.push(JSON.parse(request.postData() ?? '{}'));
    });
    const questions: string[] = [];
    let answer = false;
    page.on('dialog', (dialog) => {
      questions.push(dialog.message());
      void (answer ? dialog.accept() : dialog.dismiss());
    });
    await expect.poll(() => text(page, '#detail-title'), WAIT).toContain(sync.friendly_name!);

    // Keeping the records needs no confirmation: the job finds them all unchanged.
    await page.locator('#resync').click();
    const kept = await h.waitForNewJob(sync.sync_id, 1);
    expect(kept).toMatchObject({ trigger: 'resync', records: expect.objectContaining({ created: 0, unchanged: 3 }) });
    expect(questions).toEqual([]);

    // Deleting every record first asks, and a "no" sends nothing and leaves the box checked.
    await page.locator('#resync-clear').check();
    await page.locator('#resync').click();
    await expect.poll(() => questions.length, WAIT).toBe(1);
    expect(questions[0]).toMatch(/^Delete every record of sync .* and fetch them all again\?$/);
    expect(await page.locator('#resync-clear').isChecked()).toBe(true);

    answer = true;
    await page.locator('#resync').click();
    const cleared = await h.waitForNewJob(sync.sync_id, 2);
    expect(cleared).toMatchObject({ trigger: 'resync', records: expect.objectContaining({ created: 3, unchanged: 0 }) });
    expect(questions).toHaveLength(2);
    // One request per resync done: the refused one never left the page.
    expect(sent).toEqual([{ clear_records: false }, { clear_records: true }]);
    expect(await page.locator('#resync-clear').isChecked()).toBe(false);
    await expect
      .poll(async () => (await jobsTable(page)).map((job) => [job.Job, job.Trigger, job.New, job.Unchanged]), WAIT)
      .toEqual([
        [String(cleared.job_id), 'resync', '3', '0'],
        [String(kept.job_id), 'resync', '0', '3'],
        [expect.any(String), 'create', '3', '0'],
      ]);
    expectNoPageErrors();
  });

  it('shows the API’s error next to the field of a refused form, and creates nothing', async () => {
    const before = (await h.api('GET', '/v1/syncs?limit=100')).body.data.length;
    const page = await open('#new');
    await page.locator('#create-form [name=url]').fill('not a url');
    await page.locator('#create-form [name=unique_key]').fill('id');
    await page.locator('#create-form [name=frequency]').fill('1 hour');
    await page.locator('#form-submit').click();

    await expect.poll(() => text(page, '[data-error-for="url"]'), WAIT).toBe('must be an http or https URL');
    expect(await page.locator('#create-form [name=url]').getAttribute('aria-invalid')).toBe('true');
    // Only the refused field is marked.
    expect(await page.locator('#create-form [aria-invalid]').count()).toBe(1);
    expect(await text(page, '#notice-text')).toBe('Could not create the sync: see the marked fields.');
    expect(await page.locator('#create').isVisible()).toBe(true);
    expect((await h.api('GET', '/v1/syncs?limit=100')).body.data.length).toBe(before);

    await screenshot(page.locator('#create'), 'dashboard-create-form-error');
    // Chromium logs every 4xx answer to a fetch; this one is the refusal the test asked for.
    expectNoPageErrors([/Failed to load resource: the server responded with a status of 400/]);
  });

  it('shows a running job’s records fetched, pages and elapsed time while it runs', async () => {
    h.fakeApi.reset(numberedRecords(8));
    const sync = await syncOf('/offset', { paging: { type: 'offset', limit: 2 }, paused: true });
    // The third page is held back, so the job sits after two committed pages long enough to be seen.
    h.fakeApi.slowRequests.set(h.fakeApi.requests.length + 3, 5_000);
    const page = await open(`#sync-${sync.sync_id}`);
    await expect.poll(() => text(page, '#detail-title'), WAIT).toContain(sync.friendly_name!);
    expect(await page.locator('#job-progress').isHidden()).toBe(true);

    await clickAction(page, 'trigger');
    const item = page.locator('#job-progress .progress-item');
    await expect.poll(() => text(page, '#job-progress .progress-fetched'), WAIT).toBe('4 records fetched');
    expect(await text(page, '#job-progress .progress-pages')).toBe('2 pages');
    expect(await text(page, '#job-progress .badge')).toBe('running');
    const [running] = await h.jobsOf(sync.sync_id);
    expect(running).toMatchObject({ status: 'running', pages: 2, records: expect.objectContaining({ fetched: 4 }) });
    expect(await item.getAttribute('data-job-id')).toBe(String(running!.job_id));
    expect(await text(page, '#job-progress .progress-job')).toBe(`Job #${running!.job_id} (manual, full)`);
    // The elapsed time moves on while the job waits for its page.
    const elapsed = await text(page, '#job-progress .progress-elapsed');
    expect(elapsed).toMatch(/^\d+(\.\d)?s elapsed$/);
    await expect.poll(() => text(page, '#job-progress .progress-elapsed'), WAIT).not.toBe(elapsed);
    await screenshot(page.locator('#detail'), 'dashboard-job-progress');

    // Once it ends, the progress goes away and the table, the records and the totals show the whole job.
    await expect.poll(() => page.locator('#job-progress').isHidden(), WAIT).toBe(true);
    const [ended] = await h.jobsOf(sync.sync_id);
    expect(ended).toMatchObject({ status: 'succeeded', records: expect.objectContaining({ fetched: 8, created: 8 }) });
    await expect
      .poll(async () => (await jobsTable(page))[0], WAIT)
      .toMatchObject({
        Status: 'succeeded',
        Pages: String(ended!.pages),
        Fetched: '8',
        New: '8',
      });
    await expect.poll(() => page.locator('#records-body tr').count(), WAIT).toBe(8);
    expectNoPageErrors();
  });

  it('charts the last jobs: one bar group per job with its created, updated and deleted records, and their durations', async () => {
    h.fakeApi.reset(numberedRecords(6));
    const sync = await syncOf('/items');
    current = await watchedPage(browser, h.baseUrl);
    const page = current.page;
    // What the chart draws is what the page asks the API for: the sync's newest 30 jobs.
    const jobLimits = new Set<string | null>();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === `/v1/syncs/${sync.sync_id}/jobs`) jobLimits.add(url.searchParams.get('limit'));
    });
    await page.goto(`${h.baseUrl}/#sync-${sync.sync_id}`);
    await expect.poll(() => page.locator('#jobs-chart .chart-job').count(), WAIT).toBe(1);
    expect([...jobLimits]).toEqual(['30']);

    // Five records change and one goes away; then nothing changes.
    h.fakeApi.records = numberedRecords(5, 2);
    await clickAction(page, 'trigger');
    await h.waitForNewJob(sync.sync_id, 1);
    await clickAction(page, 'trigger');
    await h.waitForNewJob(sync.sync_id, 2);
    const jobs = await h.jobsOf(sync.sync_id);
    const oldestFirst = jobs.map((job) => String(job.job_id)).reverse();

    // A running job is drawn too, with what it has so far: wait until all three have ended.
    const finishedGroups = () =>
      page.locator('#jobs-chart g.chart-job-succeeded').evaluateAll((groups) => groups.map((group) => group.getAttribute('data-job-id')));
    await expect.poll(finishedGroups, WAIT).toEqual(oldestFirst);
    expect(await page.locator('#jobs-chart .chart-job').count()).toBe(3);
    const bars = await page
      .locator('#jobs-chart .chart-job')
      .evaluateAll((groups) =>
        groups.map((group) =>
          Array.from(group.querySelectorAll('.chart-bar'), (bar) => `${bar.getAttribute('class')} ${bar.getAttribute('data-count')}`),
        ),
      );
    expect(bars).toEqual([['chart-bar chart-bar-created 6'], ['chart-bar chart-bar-updated 5', 'chart-bar chart-bar-deleted 1'], []]);
    expect(jobs.map((job) => [job.records.created, job.records.updated, job.records.deleted]).reverse()).toEqual([
      [6, 0, 0],
      [0, 5, 1],
      [0, 0, 0],
    ]);
    // A duration point for every finished job, joined by one line.
    expect(await page.locator('#jobs-chart .chart-duration-point').count()).toBe(3);
    expect(await page.locator('#jobs-chart path.chart-duration').count()).toBe(1);

    const chart = page.locator('#jobs-chart svg');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await text(page, '#jobs-chart-title')).toBe('Last 3 jobs: records changed and duration');
    expect(await text(page, '#jobs-chart-desc')).toContain(`Job #${oldestFirst[1]} (succeeded): 0 new, 5 updated, 1 deleted`);
    expect((await page.locator('#jobs-chart .legend-item').allTextContents()).map((item) => item.trim())).toEqual([
      'new',
      'updated',
      'deleted',
      'duration (right scale)',
    ]);
    await screenshot(page.locator('#jobs-chart'), 'dashboard-jobs-chart');
    expectNoPageErrors();
  });

  it('charts no more than the last 30 jobs, oldest on the left, bars to scale, no duration for a running job', async () => {
    const page = await open();
    await page.locator('#syncs-title').waitFor();
    // 35 jobs, newest first as the API lists them: #135 still running, #130 failed, #120 changed the most (40 records).
    const jobs = Array.from({ length: 35 }, (_, index) => {
      const id = 135 - index;
      const started = Date.UTC(2026, 0, 1, 0, 0, id);
      return {
        job_id: id,
        status: id === 135 ? 'running' : id === 130 ? 'failed' : 'succeeded',
        trigger: 'schedule',
        mode: 'full',
        started_at: new Date(started).toISOString(),
        ended_at: id === 135 ? null : new Date(started + 1000 + id).toISOString(),
        pages: 1,
        records: { fetched: 10, created: id === 120 ? 40 : 10, updated: id === 121 ? 20 : 0, deleted: 0, unchanged: 0 },
      };
    });
    // The page's own module, drawing into the page; a string, so vitest leaves its import() alone.
    await page.evaluate("import('/jobs-chart.js').then((chart) => { window.drawJobsChart = chart.drawJobsChart; })");
    const drawn = await page.evaluate((list) => {
      (window as unknown as { drawJobsChart(jobs: unknown[]): void }).drawJobsChart(list);
      const groups = Array.from(document.querySelectorAll('#jobs-chart g.chart-job'));
      const height = (id: number) =>
        Array.from(document.querySelectorAll(`#jobs-chart g[data-job-id="${id}"] .chart-bar`)).reduce(
          (sum, bar) => sum + Number(bar.getAttribute('height')),
          0,
        );
      return {
        ids: groups.map((group) => Number(group.getAttribute('data-job-id'))),
        running: groups.filter((group) => group.classList.contains('chart-job-running')).map((group) => group.getAttribute('data-job-id')),
        points: document.querySelectorAll('#jobs-chart .chart-duration-point').length,
        failedPoints: document.querySelectorAll('#jobs-chart .chart-point-failed').length,
        heights: [height(120), height(121), height(122)],
        title: document.getElementById('jobs-chart-title')?.textContent,
      };
    }, jobs);
    expect(drawn.ids).toEqual(Array.from({ length: 30 }, (_, index) => 106 + index));
    expect(drawn.running).toEqual(['135']);
    expect(drawn).toMatchObject({ points: 29, failedPoints: 1, title: 'Last 30 jobs: records changed and duration' });
    // The plot is 144 units high: the biggest job fills it, the others are drawn to the same scale.
    expect(drawn.heights).toEqual([144, 108, 36]);
    expectNoPageErrors();
  });

  it('tests the form with the Test button: the first page’s records and next request, then an error with its class; nothing is created', async () => {
    h.fakeApi.reset(numberedRecords(5));
    const before = (await h.api('GET', '/v1/syncs?limit=100')).body.data.length;
    const page = await open('#new');
    await page.locator('#create-form [name=url]').fill(h.fakeApi.url('/offset'));
    await page.locator('#create-form [name=unique_key]').fill('id');
    await page.locator('#create-form [name=paging_type]').selectOption('offset');
    await page.locator('#create-form [name=limit]').fill('2');
    await page.locator('#form-test').click();

    await expect.poll(() => page.locator('#preview-records-body tr').count(), WAIT).toBe(2);
    expect(await page.locator('#preview-records-body td.key').allTextContents()).toEqual(['1', '2']);
    expect(await text(page, '#preview-summary')).toBe('2 records as they would be stored.');
    expect(await text(page, '#preview-next')).toContain('offset=2');
    expect(await text(page, '.preview-pages li')).toContain('HTTP 200, 2 records');
    await screenshot(page.locator('#create'), 'dashboard-create-form-test');

    await page.locator('#create-form [name=url]').fill(h.fakeApi.url('/status/404'));
    await page.locator('#form-test').click();
    await expect.poll(() => text(page, '#preview-error'), WAIT).toMatch(/^Failed \(config, [a-z_0-9]+\): .*404/);
    expect(await page.locator('#preview-records-body').count()).toBe(0);
    expect((await h.api('GET', '/v1/syncs?limit=100')).body.data.length).toBe(before);
    expectNoPageErrors();
  });

  it('filters the jobs table by status; the chart keeps every job', async () => {
    h.fakeApi.reset(numberedRecords(2));
    const sync = await syncOf('/items');
    await h.api('PATCH', `/v1/syncs/${sync.sync_id}`, { url: h.fakeApi.url('/status/404') });
    const failed = await h.runJob(sync.sync_id);
    expect(failed.status).toBe('failed');
    const page = await open(`#sync-${sync.sync_id}`);
    await expect.poll(async () => (await jobsTable(page)).length, WAIT).toBe(2);
    await page.locator('#jobs-status').selectOption('failed');
    await expect
      .poll(async () => (await jobsTable(page)).map((job) => [job.Job, job.Status]), WAIT)
      .toEqual([[String(failed.job_id), 'failed']]);
    expect(await page.locator('#jobs-chart .chart-job').count()).toBe(2);
    await page.locator('#jobs-status').selectOption('cancelled');
    await expect.poll(() => text(page, '#jobs-empty'), WAIT).toBe('No jobs with this status.');
    expectNoPageErrors();
  });

  it("shows a failed job's class, code, HTTP status and message in the jobs table", async () => {
    const page = await open();
    await page.locator('#syncs-title').waitFor();
    const job = (id: number, status: string, error: unknown) => ({
      job_id: id,
      status,
      trigger: 'schedule',
      mode: 'full',
      started_at: '2026-01-01T00:00:00.000Z',
      ended_at: '2026-01-01T00:00:01.000Z',
      pages: 0,
      max_total_reached: false,
      deletes_skipped: null,
      records: { fetched: 0, created: 0, updated: 0, deleted: 0, unchanged: 0 },
      webhook: null,
      error,
    });
    const jobs = [
      job(3, 'failed', {
        class: 'config',
        code: 'http_404',
        message: 'GET https://api.test/items answered 404 Not Found',
        http_status: 404,
      }),
      job(2, 'failed', { class: 'transient', code: 'job_stalled', message: 'no page was committed for 900 s (stall_timeout_seconds)' }),
      job(1, 'succeeded', null),
    ];
    // The page's own module, drawing into the page; a string, so vitest leaves its import() alone.
    await page.evaluate("import('/sync-jobs.js').then((module) => { window.showJobs = module.showJobs; })");
    await page.evaluate((list) => (window as unknown as { showJobs(jobs: unknown[]): void }).showJobs(list), jobs);
    const errors = (await jobsTable(page)).map((row) => row.Error);
    expect(errors).toEqual([
      'config http_404 · HTTP 404GET https://api.test/items answered 404 Not Found',
      'transient job_stalledno page was committed for 900 s (stall_timeout_seconds)',
      '',
    ]);
    expectNoPageErrors();
  });

  it('asks for an API key when the API answers 401, reads with a read-only key, and changes only with a read-write one', async () => {
    const writeKey = `write-${randomUUID()}-${randomUUID()}`;
    const readKey = `read-${randomUUID()}-${randomUUID()}`;
    const keyed = await h.startApi({ SYNCD_API_KEYS: writeKey, SYNCD_READ_API_KEYS: readKey });
    try {
      h.fakeApi.reset(numberedRecords(2));
      const sync = await syncOf('/items');
      const page = await open(`#sync-${sync.sync_id}`, keyed.baseUrl);
      await expect.poll(() => page.locator('#sign-in').isVisible(), WAIT).toBe(true);
      expect(await text(page, '#sign-in-text')).toBe('This syncd requires an API key. Sign in with one of its keys.');
      await screenshot(page, 'dashboard-sign-in');

      await page.locator('#sign-in-key').fill(`wrong-${randomUUID()}-${randomUUID()}`);
      await page.locator('#sign-in-submit').click();
      await expect.poll(() => text(page, '#sign-in-text'), WAIT).toBe('The API refused this key. Sign in with another one.');

      await page.locator('#sign-in-key').fill(readKey);
      await page.locator('#sign-in-submit').click();
      await expect.poll(() => text(page, '#detail-title'), WAIT).toContain(sync.friendly_name!);
      expect(await page.locator('#sign-in').isHidden()).toBe(true);
      expect(await page.evaluate(() => sessionStorage.getItem('syncd-api-key'))).toBe(readKey);

      await clickAction(page, 'pause');
      await expect
        .poll(() => text(page, '#sign-in-text'), WAIT)
        .toBe('This API key may only read. To change syncs, sign in with a read-write key (SYNCD_API_KEYS).');
      expect(await apiStatus(sync.sync_id)).toBe('active');

      await page.locator('#sign-in-key').fill(writeKey);
      await page.locator('#sign-in-submit').click();
      await expect.poll(() => page.locator('#sign-in').isHidden(), WAIT).toBe(true);
      await clickAction(page, 'pause');
      await expect.poll(() => text(page, '#detail-title .badge'), WAIT).toBe('paused');
      expect(await apiStatus(sync.sync_id)).toBe('paused');
      // Chromium logs each refused fetch; nothing else may show up.
      expectNoPageErrors([/status of 401 \(Unauthorized\)/, /status of 403 \(Forbidden\)/]);
    } finally {
      await keyed.stop();
    }
  });

  it("shows a sync's incremental cursor and who set it, sets it, says why a cursor is refused, and clears it", async () => {
    h.fakeApi.reset([{ id: 1, name: 'one', updated_at: '2026-01-01T00:00:05Z' }]);
    const incremental = { cursor_path: 'updated_at', param: 'since', lookback_seconds: 60 };
    const sync = await syncOf('/updated-since', { paused: true, incremental });
    const job = await h.runJob(sync.sync_id);
    const page = await open(`#sync-${sync.sync_id}`);
    const shown = () => text(page, '#cursor-shown');
    await expect.poll(shown, WAIT).toContain(`"2026-01-01T00:00:05Z": the highest value in the records of job #${job.job_id} at `);
    expect(await shown()).toContain('jobs send it minus 60 s');
    expect(await text(page, '#detail-facts')).toContain('minus a lookback of 60 s');
    // The edit form shows the lookback, so an edit keeps it.
    await page.locator('#edit-open').click();
    expect(await page.locator('#create-form [name=incremental_lookback_seconds]').inputValue()).toBe('60');
    await page.locator('#create-close').click();

    await page.locator('#cursor-input').fill('yesterday');
    await page.locator('#cursor-set').click();
    await expect.poll(() => text(page, '#notice-text'), WAIT).toContain('cursor: "yesterday" is not an ISO 8601 time');

    await page.locator('#cursor-input').fill('2026-01-01T00:00:00Z');
    await page.locator('#cursor-set').click();
    await expect.poll(shown, WAIT).toContain('"2026-01-01T00:00:00Z": set through the API at ');
    expect(await h.sdk.getState(sync.sync_id)).toMatchObject({ cursor: '2026-01-01T00:00:00Z', source: 'api' });

    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('#cursor-clear').click();
    await expect.poll(shown, WAIT).toContain('the next job is full');
    expect(await h.sdk.getState(sync.sync_id)).toMatchObject({ cursor: null, source: 'api' });
    expectNoPageErrors([/Failed to load resource: the server responded with a status of 400/]);
  });

  it('renders the API docs at /docs from syncd itself, under the CSP, without a console error', async () => {
    current = await watchedPage(browser, h.baseUrl);
    const page = current.page;
    const outside: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== new URL(h.baseUrl).origin) outside.push(request.url());
    });
    await page.goto(`${h.baseUrl}/docs`);
    await expect.poll(() => page.locator('.opblock-summary-path').count(), WAIT).toBeGreaterThan(10);
    expect(await page.locator('.opblock-summary-path', { hasText: /^\/v1\/syncs\/\{id\}$/ }).count()).toBeGreaterThan(0);
    await screenshot(page, 'api-docs');
    expect(outside).toEqual([]);
    expectNoPageErrors();
  });
});
