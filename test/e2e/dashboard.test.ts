import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startTestHarness();
});
afterAll(() => h.stop());

const get = async (path: string) => {
  const response = await fetch(`${h.baseUrl}${path}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
};

/** Every module the dashboard loads: /dashboard.js and, transitively, what it imports (relative, with .js). */
const scriptModules = async () => {
  const modules: Record<string, Awaited<ReturnType<typeof get>>> = {};
  const pending = ['/dashboard.js'];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (modules[path]) continue;
    const module = await get(path);
    modules[path] = module;
    for (const [, specifier = ''] of module.text.matchAll(/^\s*import\s(?:[^'"]*?from\s+)?['"]([^'"]+)['"]/gm)) {
      expect(specifier, `import in ${path}`).toMatch(/^\.\/[\w-]+\.js$/);
      pending.push(new URL(specifier, `http://dashboard${path}`).pathname);
    }
  }
  return modules;
};

/** The dashboard's whole script, all modules together. */
const scriptText = async () =>
  Object.values(await scriptModules())
    .map((module) => module.text)
    .join('\n');

describe('the dashboard', () => {
  it('serves its page at / with the script and stylesheet', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toMatch(/<script type="module" src="dashboard\.js">/);
    expect(page.text).toContain('href="dashboard.css"');
  });

  it('serves its script and every module it imports as JavaScript that calls the syncs API', async () => {
    const modules = await scriptModules();
    expect(Object.keys(modules)).toContain('/dashboard.js');
    // The entry point's split into small modules, each reachable by a relative import.
    expect(Object.keys(modules).length).toBeGreaterThan(1);
    for (const [path, module] of Object.entries(modules)) {
      expect(module.status, path).toBe(200);
      expect(module.type, path).toMatch(/^(text|application)\/javascript/);
      // Data goes into the DOM as text only.
      expect(module.text, path).not.toMatch(/\.innerHTML\s*=/);
    }
    expect(await scriptText()).toContain('/v1/syncs');
  });

  it('exposes edit, resync, the records filter and every paging and auth type', async () => {
    const script = await scriptText();
    expect(script).toContain('/resync');
    expect(script).toContain('clear_records');
    expect(script).toMatch(/api\('PATCH'/);
    expect(script).toContain('modified_after');
    const page = (await get('/')).text;
    for (const paging of ['page', 'cursor_from_last_record', 'next_url']) {
      expect(script).toContain(`${paging}: [`);
      expect(page).toContain(`<option value="${paging}">`);
      expect(page).toContain(`data-paging="${paging}"`);
    }
    for (const auth of ['bearer', 'basic', 'api_key', 'oauth2_client_credentials']) {
      expect(script).toContain(`${auth}: [`);
      expect(page).toContain(`<option value="${auth}">`);
      expect(page).toContain(`data-auth="${auth}"`);
    }
    for (const field of [
      'max_total',
      'incremental_cursor_path',
      'incremental_param',
      'incremental_lookback_seconds',
      'incremental_lookback',
      'soft_delete',
      'request_timeout_seconds',
      'stall_timeout_seconds',
      'max_job_seconds',
      'webhook_url',
    ]) {
      expect(page).toContain(`name="${field}"`);
    }
    // Secrets are typed into password inputs.
    for (const secret of ['auth_token', 'auth_password', 'auth_value', 'auth_client_secret']) {
      expect(page).toMatch(new RegExp(`name="${secret}" type="password"`));
    }
    expect(page).toContain('id="records-filter"');
    // The sync's health, paused reason and audit trail.
    expect(script).toContain('/events');
    expect(script).toContain('paused_reason');
    expect(script).toContain('sync.health');
    expect(page).toContain('id="events-body"');
    expect(page).toContain('type="datetime-local"');
  });

  it('serves its stylesheet as CSS', async () => {
    const css = await get('/dashboard.css');
    expect(css.status).toBe(200);
    expect(css.type).toMatch(/^text\/css/);
  });

  it('leaves API 404s as JSON errors', async () => {
    const missing = await h.api('GET', '/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});
