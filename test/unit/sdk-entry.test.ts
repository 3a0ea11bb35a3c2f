import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Imports `specifier` in a fresh Node process (tsx for the TypeScript sources, as `npm start`
 * runs them) and reports its exports and every module loaded from node_modules/@temporalio/.
 *
 * What was loaded is read from `require.cache`: the @temporalio packages are CommonJS only, so
 * Node's CommonJS loader loads each of their files, and records it there, whether it is reached by
 * `import` or `require`. The control case below shows the probe does see them once they load.
 */
const PROBE = `
import { createRequire } from 'node:module';
const entry = await import(process.argv[1]);
const loaded = Object.keys(createRequire(import.meta.url).cache);
const temporal = loaded.filter((path) => /[\\\\/]node_modules[\\\\/]@temporalio[\\\\/]/.test(path));
console.log(JSON.stringify({ exports: Object.keys(entry).sort(), temporal }));
`;

async function probe(specifier: string): Promise<{ exports: string[]; temporal: string[] }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE, specifier], {
    cwd: ROOT,
  });
  return JSON.parse(stdout) as { exports: string[]; temporal: string[] };
}

describe("the SDK entry (package exports '.')", () => {
  let sdk: Awaited<ReturnType<typeof probe>>;
  beforeAll(async () => {
    sdk = await probe('syncd');
  });

  it('loads no @temporalio package', () => {
    expect(sdk.temporal).toEqual([]);
  });

  it('exposes the client, its errors, the error codes and webhook verification, nothing else', () => {
    expect(sdk.exports).toEqual([
      'ErrorCode',
      'SyncApiError',
      'SyncClient',
      'SyncConflictError',
      'SyncNotFoundError',
      'SyncRequestError',
      'SyncUnavailableError',
      'SyncValidationError',
      'WEBHOOK_SIGNATURE_HEADER',
      'WEBHOOK_TIMESTAMP_HEADER',
      'verifyWebhookSignature',
    ]);
  });

  it('control: the probe sees Temporal loaded by the workflow messages, which the SDK leaves out', async () => {
    const { exports, temporal } = await probe('./src/temporal/messages.ts');
    expect(exports).toContain('pauseUpdate');
    expect(temporal.some((path) => path.includes('@temporalio/workflow'))).toBe(true);
  });
});
