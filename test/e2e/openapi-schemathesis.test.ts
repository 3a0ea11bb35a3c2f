import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.js';
import { startTestHarness } from '../helpers/test-harness.js';

const root = path.resolve(import.meta.dirname, '..', '..');
/** Installed by `npm install` (scripts/install-schemathesis.mjs). */
const st = path.join(root, '.tools', 'schemathesis', 'bin', 'st');

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe('the API against its own OpenAPI description (schemathesis)', () => {
  let harness: Harness;
  let reportDir: string;

  beforeAll(async () => {
    // Generated syncs run jobs against whatever URLs schemathesis makes up: an hour apart at
    // most once each, on this harness's own task queue, whose schedules stop() deletes.
    harness = await startTestHarness({ env: { SYNCD_MIN_FREQUENCY_SECONDS: '3600' } });
    reportDir = await mkdtemp(path.join(tmpdir(), 'syncd-schemathesis-'));
  });

  afterAll(async () => {
    await harness?.stop();
    if (reportDir) await rm(reportDir, { recursive: true, force: true });
  });

  it('finds no 5xx answer and no answer that contradicts the document, on every operation', { timeout: 180_000 }, async () => {
    if (!existsSync(st)) throw new Error(`${st} is missing: run npm install (scripts/install-schemathesis.mjs installs schemathesis)`);
    const { code, output } = await run(
      st,
      [
        'run',
        `${harness.baseUrl}/openapi.json`,
        // An answer contradicts the document by its status, its content type, its headers or its body.
        '--checks',
        'not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance',
        '--max-examples',
        '25',
        // One worker: on several threads, schemathesis' coverage phase can meet CPython's "AST constructor
        // recursion depth mismatch" (gh-106905, the ast module is not thread-safe before 3.13).
        '--workers',
        '1',
        '--request-timeout',
        '30',
        '--generation-database',
        'none',
        '--no-color',
        '--report',
        'junit',
        '--report-dir',
        reportDir,
      ],
      // Its caches go there too, not into the checkout.
      reportDir,
    );
    expect(code, output).toBe(0);
    // Every generated case passed both checks, and schemathesis itself met no error.
    expect(output).toMatch(/Test cases:\s+(\d+) generated, \1 passed/);
    expect(output).not.toMatch(/^(Failures|Errors):/m);
  });
});
